/** The shell: navigation, the signed-in user, and the page for the current route. */
import type { ReactNode } from 'react';
import { useAuth } from './auth.js';
import { AlertsPage } from './pages/alerts.js';
import { IncidentPage } from './pages/incident.js';
import { IncidentsPage } from './pages/incidents.js';
import { LoginPage } from './pages/login.js';
import { LogsPage } from './pages/logs.js';
import { OverviewPage } from './pages/overview.js';
import { RulesPage } from './pages/rules.js';
import { TemplatesPage } from './pages/templates.js';
import { UsersPage } from './pages/users.js';
import { href, useRoute, type Route } from './router.js';

const NAV = [
  { path: '', label: 'Overview' },
  { path: 'incidents', label: 'Incidents' },
  { path: 'alerts', label: 'Alerts' },
  { path: 'logs', label: 'Logs' },
  { path: 'templates', label: 'Templates' },
  { path: 'rules', label: 'Rules' },
  { path: 'users', label: 'Users', admin: true },
];

export function App() {
  const { user, checking, logout } = useAuth();
  const route = useRoute();
  if (checking) return <p className="boot">Loading…</p>;
  if (!user) return <LoginPage />;
  const section = route.path[0] ?? '';
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href('/')}>LogTrack</a>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => !n.admin || user.role === 'admin').map((n) => (
              <li key={n.path}>
                <a href={href(`/${n.path}`)} aria-current={section === n.path ? 'page' : undefined}>{n.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>{user.name} <span className="muted">({user.role})</span></span>
          <button type="button" className="link" onClick={() => void logout()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{page(route)}</main>
    </>
  );
}

function page(route: Route): ReactNode {
  const [section = '', id] = route.path;
  switch (section) {
    case '':
      return <OverviewPage />;
    case 'incidents':
      return id ? <IncidentPage id={Number(id)} /> : <IncidentsPage query={route.query} />;
    case 'alerts':
      return <AlertsPage query={route.query} />;
    case 'logs':
      return <LogsPage query={route.query} />;
    case 'templates':
      return <TemplatesPage />;
    case 'rules':
      return <RulesPage sub={id} />;
    case 'users':
      return <UsersPage />;
    default:
      return <p>No such page. <a href={href('/')}>Back to the overview</a>.</p>;
  }
}
