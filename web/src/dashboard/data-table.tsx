/**
 * A dashboard table: a titled section, the table (scrolling inside .table-wrap on a phone) and its XLSX
 * and CSV downloads, all from one column list (lib/export-table.ts), so the file holds what the screen shows.
 */
import { useState, type ReactNode } from 'react';
import { useI18n } from '../lib/i18n.tsx';
import { formatDate, formatDateTime, formatNumber } from '../lib/format.ts';
import { downloadCsv, downloadXlsx, fileName, type Column, type ColumnType } from '../lib/export-table.ts';
import { ErrorBox } from '../ui/page.tsx';

export interface ViewColumn<R> extends Column<R> {
  /** What the screen shows instead of the formatted value (a drill-down button…). */
  render?: (row: R) => ReactNode;
  /** Class of the body cell (e.g. "late"). */
  className?: (row: R) => string | undefined;
}

/** "97,5 %": one decimal, Vietnamese comma. */
export const formatRate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatNumber(Math.round(v * 1000) / 10)} %`);

export function formatCell(type: ColumnType, v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  switch (type) {
    case 'int':
    case 'number':
      return formatNumber(Number(v));
    case 'rate':
      return formatRate(Number(v));
    case 'date':
      return formatDate(String(v));
    case 'datetime':
      return formatDateTime(String(v));
    default:
      return String(v);
  }
}

const NUMERIC: ColumnType[] = ['int', 'number', 'rate'];

export interface Where {
  /** Unit (organisation id) and period label, for the file names. */
  unit: string;
  period: string;
}

export function DataTable<R>({
  id,
  title,
  columns,
  rows,
  where,
  rowKey,
  empty,
  note,
  level = 2,
}: {
  id: string;
  title: string;
  columns: Array<ViewColumn<R>>;
  rows: R[];
  where: Where;
  rowKey: (row: R, i: number) => string;
  empty?: string;
  note?: ReactNode;
  level?: 2 | 3;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<Error | null>(null);
  const table = { name: id, columns, rows };
  const Heading = level === 2 ? 'h2' : 'h3';
  const xlsx = async () => {
    setError(null);
    try {
      await downloadXlsx(table, title, fileName(where.unit, where.period, id, 'xlsx'));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return (
    <section aria-labelledby={`h-${id}`} className="dash-table" data-table={id}>
      <div className="page-head">
        <Heading id={`h-${id}`}>{title}</Heading>
        <div className="exports">
          <button type="button" onClick={() => void xlsx()}>
            {t('dash.xlsx')}
            <span className="visually-hidden"> — {title}</span>
          </button>
          <button type="button" onClick={() => downloadCsv(table, fileName(where.unit, where.period, id, 'csv'))}>
            {t('dash.csv')}
            <span className="visually-hidden"> — {title}</span>
          </button>
        </div>
      </div>
      {note}
      <ErrorBox error={error} />
      {rows.length === 0 && empty ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={NUMERIC.includes(c.type) ? 'num' : undefined}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={rowKey(r, i)}>
                  {columns.map((c) => (
                    <td key={c.header} className={[NUMERIC.includes(c.type) ? 'num' : '', c.className?.(r) ?? ''].join(' ').trim() || undefined}>
                      {c.render ? c.render(r) : formatCell(c.type, c.value(r))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
