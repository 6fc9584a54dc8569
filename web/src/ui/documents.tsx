import { useT } from '../lib/i18n.tsx';
import type { Dossier } from '../lib/types.ts';

/** A dossier's notices (forms 01–07 as PDF) and its signed result, with the link to verify the signature. */
export function DocumentList({ documents }: { documents: Dossier['documents'] }) {
  const t = useT();
  if (documents.length === 0) return null;
  return (
    <section aria-labelledby="docs-h">
      <h2 id="docs-h">{t('dossier.documents')}</h2>
      <ul>
        {documents.map((doc) => (
          <li key={doc.url}>
            <a href={doc.url} target="_blank" rel="noopener">
              {doc.title}
              {doc.form ? ` (${doc.form})` : ''}
            </a>
            {doc.verifyUrl && (
              <>
                {' · '}
                <a href={doc.verifyUrl}>{t('dossier.verify')}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
