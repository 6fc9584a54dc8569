import { useEffect, useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { ErrorBox, Loading, Notice } from '../ui/page.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { useSave } from '../lib/use-save.ts';
import { RowButton } from '../ui/row-button.tsx';
import { formatDate } from '../lib/format.ts';

interface Day {
  date: string;
  name: string;
}
interface Year {
  year: number;
  daysOff: Day[];
  workingDays: Day[];
  source: string;
  note?: string;
}

/** A year's days off and compensatory working days, as the Government announces them. */
export function CalendarAdmin() {
  const { t } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const data = useAsync(() => get<Year>(`/api/calendar/${year}`), [year]);
  const save = useSave();
  const [off, setOff] = useState<Day[]>([]);
  const [work, setWork] = useState<Day[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (data.data) {
      setOff(data.data.daysOff);
      setWork(data.data.workingDays);
      setNote(data.data.note ?? '');
    }
  }, [data.data]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api('PUT', `/api/calendar/${year}`, { daysOff: off, workingDays: work, ...(note.trim() ? { note: note.trim() } : {}) }))) await data.reload();
  };
  const list = (title: string, days: Day[], setDays: (d: Day[]) => void, key: string) => (
    <fieldset>
      <legend>{title}</legend>
      {days.map((d, i) => (
        <div key={i} className="editor-row">
          <TextField label={`${t('cal.date')} ${i + 1}`} type="date" value={d.date} onChange={(e) => setDays(days.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))} required error={save.fe(`${key}.${i}.date`)} />
          <TextField label={`${t('cal.name')} ${i + 1}`} value={d.name} onChange={(e) => setDays(days.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} required error={save.fe(`${key}.${i}.name`)} />
          <RowButton of={formatDate(d.date)} onClick={() => setDays(days.filter((_, j) => j !== i))}>
            {t('proc.remove')}
          </RowButton>
        </div>
      ))}
      <button type="button" onClick={() => setDays([...days, { date: `${year}-01-01`, name: '' }])}>
        {t('cal.add')}
      </button>
    </fieldset>
  );
  return (
    <>
      <SelectField label={t('cal.year')} value={String(year)} onChange={(e) => setYear(Number(e.target.value))}>
        {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
          <option key={y}>{y}</option>
        ))}
      </SelectField>
      {data.loading && !data.data && <Loading />}
      <ErrorBox error={data.error ?? save.error} />
      {save.saved && <Notice kind="success">{t('admin.saved')}</Notice>}
      {data.data && (
        <form onSubmit={submit}>
          <Notice kind={data.data.source === 'derived' ? 'warning' : 'info'}>{t(`cal.source.${data.data.source}`)}</Notice>
          {list(t('cal.daysOff'), off, setOff, 'daysOff')}
          {list(t('cal.workingDays'), work, setWork, 'workingDays')}
          <TextField label={t('cal.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          <button type="submit" className="primary" disabled={save.busy}>
            {t('cal.save')}
          </button>
        </form>
      )}
    </>
  );
}
