/**
 * Prefill from the chip ID card's QR code, three ways: a handheld scanner typing into a field, a photo
 * of the card, or the phone's camera. The browser only reads the QR text; the server parses it
 * (domain §8) and answers a clear message for a code that is not a CCCD.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { useT } from '../lib/i18n.tsx';
import { TextField } from '../ui/field.tsx';

export interface CccdData {
  idNumber: string;
  oldIdNumber: string | null;
  fullName: string;
  birthDate: string | null;
  sex: string | null;
  address: string;
  issueDate: string | null;
}

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
let decoder: Promise<Decode> | null = null;
/** jsQR is loaded only when someone scans (it is not in the portal's first download). */
const loadDecoder = () => (decoder ??= import('jsqr').then((m) => m.default as unknown as Decode));

async function decodeImage(file: Blob): Promise<string | null> {
  const decode = await loadDecoder();
  const bitmap = await createImageBitmap(file);
  // Phone photos are large; a QR code reads fine at 1600 px and decodes much faster.
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const img = g.getImageData(0, 0, canvas.width, canvas.height);
  return decode(img.data, img.width, img.height)?.data ?? null;
}

export function CccdScan({ onParsed }: { onParsed: (d: CccdData) => void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [camera, setCamera] = useState(false);

  const parse = async (qr: string) => {
    setMessage(null);
    try {
      const d = await api<CccdData>('POST', '/api/identity/cccd', { qr });
      onParsed(d);
      setMessage({ kind: 'ok', text: t('cccd.filled', { name: d.fullName }) });
      setCode('');
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) void parse(code.trim());
  };
  const photo = async (file: File | undefined) => {
    if (!file) return;
    setMessage(null);
    try {
      const text = await decodeImage(file);
      if (text) await parse(text);
      else setMessage({ kind: 'error', text: t('cccd.noQr') });
    } catch {
      setMessage({ kind: 'error', text: t('cccd.badImage') });
    }
  };

  return (
    <fieldset className="cccd">
      <legend>{t('cccd.title')}</legend>
      <p className="hint">{t('cccd.lead')}</p>
      <form onSubmit={submit} className="row-form">
        <TextField label={t('cccd.scanner')} value={code} onChange={(e) => setCode(e.target.value)} hint={t('cccd.scannerHint')} autoComplete="off" maxLength={1000} />
        <button type="submit">{t('cccd.read')}</button>
      </form>
      <div className="row">
        <label className="button file-button">
          {t('cccd.photo')}
          <input type="file" accept="image/*" capture="environment" className="visually-hidden" onChange={(e) => void photo(e.target.files?.[0])} data-testid="cccd-photo" />
        </label>
        {'mediaDevices' in navigator && (
          <button type="button" onClick={() => setCamera(!camera)} aria-expanded={camera}>
            {camera ? t('cccd.stopCamera') : t('cccd.camera')}
          </button>
        )}
      </div>
      {camera && <CameraScan onText={(text) => { setCamera(false); void parse(text); }} onError={(text) => { setCamera(false); setMessage({ kind: 'error', text }); }} />}
      <p role="status" className={message?.kind === 'error' ? 'field-error' : 'ok'}>
        {message?.text}
      </p>
    </fieldset>
  );
}

function CameraScan({ onText, onError }: { onText: (s: string) => void; onError: (s: string) => void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch {
        onError(t('cccd.noCamera'));
        return;
      }
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      const decode = await loadDecoder();
      const tick = () => {
        const v = video.current;
        if (stopped || !v) return;
        if (v.videoWidth) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          const g = canvas.getContext('2d', { willReadFrequently: true })!;
          g.drawImage(v, 0, 0);
          const hit = decode(g.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
          if (hit?.data) return onText(hit.data);
        }
        timer = window.setTimeout(tick, 250);
      };
      tick();
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
    // The callbacks change on every render of the parent; the camera starts once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return <video ref={video} className="camera" muted playsInline aria-label={t('cccd.cameraView')} />;
}
