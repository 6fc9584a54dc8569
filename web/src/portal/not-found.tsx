import { useT } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { Page } from '../ui/page.tsx';

export function NotFound() {
  const t = useT();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </Page>
  );
}
