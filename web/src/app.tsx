/**
 * The web app: the citizen portal (in this bundle), the officers' desk, the administration and the
 * managers' dashboard (each loaded on first use, so a citizen's phone downloads none of them).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { LangProvider, registerMessages, useI18n } from './lib/i18n.tsx';
import { SessionProvider, useSession } from './lib/session.tsx';
import { Link, match, useLocation } from './lib/router.tsx';
import { vi, en } from './i18n/portal.ts';
import { Loading, Notice } from './ui/page.tsx';
import { DemoProgress } from './ui/demo-progress.tsx';
import { Home } from './portal/home.tsx';
import { ProcedurePage } from './portal/procedure.tsx';
import { LoginPage, RegisterPage } from './portal/login.tsx';
import { LookupPage } from './portal/lookup.tsx';
import { ApplyPage } from './portal/apply.tsx';
import { MyPage } from './portal/my-dossiers.tsx';
import { DossierPage } from './portal/dossier.tsx';
import { NotFound } from './portal/not-found.tsx';

registerMessages(vi, en);

/** A new release replaces the chunk files: a page opened before it cannot load the old ones. */
function Reload() {
  const { t } = useI18n();
  return (
    <Notice kind="warning">
      {t('app.updated')}{' '}
      <button type="button" onClick={() => location.reload()}>
        {t('app.reload')}
      </button>
    </Notice>
  );
}
const Desk = lazy(() => import('./desk/desk.tsx').catch(() => ({ default: Reload })));
const Admin = lazy(() => import('./admin/admin.tsx').catch(() => ({ default: Reload })));
// The managers' dashboard brings its charts (ECharts); XLSX export (exceljs) is a further chunk, loaded on click.
const Dashboard = lazy(() => import('./dashboard/dashboard.tsx').catch(() => ({ default: Reload })));
// The survey staff pages (rounds, samples, results, questionnaires): their own chunk.
const Surveys = lazy(() => import('./surveys/surveys.tsx').catch(() => ({ default: Reload })));
// The PAR Index pages (assessments, appraisal, published results): their own chunk.
const ParIndex = lazy(() => import('./par/par.tsx').catch(() => ({ default: Reload })));
const Plan = lazy(() => import('./plan/plan.tsx').catch(() => ({ default: Reload })));
// The account pages are visited rarely: loaded on demand, like the desk, to keep the portal entry small.
const AccountPage = lazy(() => import('./portal/account.tsx').then((m) => ({ default: m.AccountPage })).catch(() => ({ default: Reload })));
const SurveyPage = lazy(() => import('./portal/survey.tsx').then((m) => ({ default: m.SurveyPage })).catch(() => ({ default: Reload })));
const ResetPasswordPage = lazy(() => import('./portal/account.tsx').then((m) => ({ default: m.ResetPasswordPage })).catch(() => ({ default: Reload })));
// Feedback (PAKN) pages: one chunk with their own messages, loaded on first use.
const SendFeedbackPage = lazy(() => import('./feedback/pages.tsx').then((m) => ({ default: m.SendFeedbackPage })).catch(() => ({ default: Reload })));
const FollowFeedbackPage = lazy(() => import('./feedback/pages.tsx').then((m) => ({ default: m.FollowFeedbackPage })).catch(() => ({ default: Reload })));
const PaymentResultPage = lazy(() => import('./payments/payments.tsx').then((m) => ({ default: m.PaymentResultPage })).catch(() => ({ default: Reload })));
// Notifications (issue 17): the bell (a tiny chunk), the person's page and the template editor.
const Bell = lazy(() => import('./notifications/bell.tsx').catch(() => ({ default: () => null })));
const NotificationsPage = lazy(() => import('./notifications/pages.tsx').then((m) => ({ default: m.NotificationsPage })).catch(() => ({ default: Reload })));
const TemplatesPage = lazy(() => import('./notifications/pages.tsx').then((m) => ({ default: m.TemplatesPage })).catch(() => ({ default: Reload })));
const CatalogueImportPage = lazy(() => import('./catalogue-import/page.tsx').catch(() => ({ default: Reload })));
// The citizen's data store (issue 18).
const StorePage = lazy(() => import('./citizen-store/store.tsx').then((m) => ({ default: m.StorePage })).catch(() => ({ default: Reload })));
const ReorganisationPage = lazy(() => import('./reorganisation/reorganisation.tsx').then((m) => ({ default: m.ReorganisationPage })).catch(() => ({ default: Reload })));
const QaPage = lazy(() => import('./feedback/pages.tsx').then((m) => ({ default: m.QaPage })).catch(() => ({ default: Reload })));

function Routes() {
  const { path } = useLocation();
  const m = (p: string) => match(p, path);
  let params: Record<string, string> | null;
  if (path === '/') return <Home />;
  if ((params = m('/thu-tuc/:code'))) return <ProcedurePage code={params.code!} />;
  if ((params = m('/nop-ho-so/:code'))) return <ApplyPage code={params.code!} />;
  if (m('/dang-nhap')) return <LoginPage />;
  if (m('/dang-ky')) return <RegisterPage />;
  if (m('/tra-cuu')) return <LookupPage />;
  if ((params = m('/khao-sat/:token'))) return <SurveyPage token={params.token!} />;
  if (m('/tai-khoan')) return <AccountPage />;
  if (m('/dat-lai-mat-khau')) return <ResetPasswordPage />;
  if (m('/ca-nhan')) return <MyPage />;
  if ((params = m('/ca-nhan/ho-so/:code'))) return <DossierPage code={params.code!} />;
  if (m('/kho-du-lieu')) return <StorePage />;
  if (m('/phan-anh')) return <SendFeedbackPage />;
  if ((params = m('/phan-anh/:code'))) return <FollowFeedbackPage code={params.code!} />;
  if (m('/hoi-dap')) return <QaPage />;
  if (m('/thanh-toan/ket-qua')) return <PaymentResultPage />;
  if (m('/thong-bao')) return <NotificationsPage />;
  if (m('/quan-tri/mau-thong-bao')) return <TemplatesPage />;
  if (m('/quan-tri/nhap-danh-muc')) return <CatalogueImportPage />;
  if (m('/quan-tri/sap-xep-don-vi')) return <ReorganisationPage />;
  if (m('/mot-cua/*')) return <Desk />;
  if (m('/quan-tri/*')) return <Admin />;
  if (m('/quan-ly/khao-sat/*')) return <Surveys />;
  if (m('/quan-ly/ke-hoach')) return <Plan />;
  if (m('/quan-ly')) return <Dashboard />;
  if (m('/chi-so-cchc') || m('/chi-so-cchc/*')) return <ParIndex />;
  return <NotFound />;
}

function Header() {
  const { t, lang, setLang } = useI18n();
  const { me, logout } = useSession();
  const { path } = useLocation();
  const officer = me && me.role !== 'citizen';
  const nav: Array<[string, string, boolean]> = [
    ['/', t('nav.home'), true],
    ['/tra-cuu', t('nav.lookup'), true],
    ['/ca-nhan', t('nav.mine'), !!me && me.role === 'citizen'],
    ['/kho-du-lieu', t('nav.store'), !!me && me.role === 'citizen'],
    ['/phan-anh', t('nav.feedback'), !officer],
    ['/hoi-dap', t('nav.qa'), true],
    ['/mot-cua', t('nav.desk'), !!officer && ['reception', 'specialist', 'leader', 'admin'].includes(me!.role)],
    ['/quan-tri', t('nav.admin'), me?.role === 'admin'],
    ['/quan-ly', t('nav.dashboard'), !!officer && ['manager', 'admin', 'leader'].includes(me!.role)],
    // The PAR Index: officers work on assessments; everyone else sees the published results.
    [officer && me!.role !== 'reception' ? '/chi-so-cchc' : '/chi-so-cchc/ket-qua', t('nav.par'), true],
  ];
  return (
    <header className="top">
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <div className="bar">
        <Link href="/" className="brand">
          <span aria-hidden="true">⌂</span> {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav
              .filter(([, , show]) => show)
              .map(([href, label]) => (
                <li key={href}>
                  <Link href={href} aria-current={(href === '/' ? path === '/' : path.startsWith(href)) ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="user">
          <button type="button" className="link" lang={lang === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {lang === 'vi' ? 'English' : 'Tiếng Việt'}
          </button>
          {me ? (
            <>
              <Suspense fallback={null}>
                <Bell />
              </Suspense>
              <Link href="/tai-khoan" className="who" aria-current={path === '/tai-khoan' ? 'page' : undefined}>
                {me.fullName}
              </Link>
              <button type="button" className="link" onClick={() => void logout().then(() => location.assign('/'))}>
                {t('nav.logout')}
              </button>
            </>
          ) : (
            <Link href={`/dang-nhap?next=${encodeURIComponent(path)}`}>{t('nav.login')}</Link>
          )}
        </div>
      </div>
    </header>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <>
      <Header />
      <DemoProgress />
      <main id="main">{children}</main>
      <footer className="foot">
        <p>{t('app.footer')}</p>
        <p>
          <a href={`/minh-bach?lang=${lang}`}>{t('nav.transparency')}</a> · <a href={`/verify?lang=${lang}`}>{t('nav.verify')}</a> · <a href="/api/docs">API</a>
        </p>
      </footer>
    </>
  );
}

function Gate() {
  const { ready } = useSession();
  return <Shell>{ready ? <Suspense fallback={<Loading />}><Routes /></Suspense> : <Loading />}</Shell>;
}

export function App() {
  return (
    <LangProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </LangProvider>
  );
}
