import { config as loadDotenv } from 'dotenv';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { handleAuthRoutes, LogtoClientError, LogtoError, UserScope, withLogto } from '@logto/express';

/**
 * A second app under test, built differently from the sample: Logto's official Express SDK
 * (`handleAuthRoutes` at /logto/sign-in, /logto/sign-up, /logto/sign-in-callback,
 * /logto/sign-out; `withLogto` for the claims), its session in express-session. It reads
 * what the harness hands any app in command mode, from env. It does not import the harness.
 */
loadDotenv({ quiet: true });

function setting(name: string, fallback?: string): string {
  const value = process.env[name]?.trim() || fallback;
  if (!value) {
    console.error(`Setting ${name}: expected a non-empty value (it is not set)`);
    process.exit(1);
  }
  return value;
}

const port = Number(setting('PORT', process.env.APP_PORT ?? '3000'));
const baseUrl = setting('APP_BASE_URL', `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const sessionSecret = setting('APP_SESSION_SECRET');
if (sessionSecret.length < 32) {
  console.error('Setting APP_SESSION_SECRET: expected at least 32 characters');
  process.exit(1);
}
const logto = {
  endpoint: setting('LOGTO_ENDPOINT').replace(/\/+$/, ''),
  appId: setting('LOGTO_APP_ID'),
  appSecret: setting('LOGTO_APP_SECRET'),
  baseUrl,
  scopes: [UserScope.Email],
};

const app = express();
app.disable('x-powered-by');
app.use(
  session({
    name: 'express_sdk_app_session',
    secret: sessionSecret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: baseUrl.startsWith('https:'), maxAge: 14 * 24 * 3600_000 },
  }),
);

// A new session id at the callback, carrying the sign-in session over: an id planted before
// sign-in (session fixation) is worthless once the user is signed in.
app.use('/logto/sign-in-callback', (req: Request, _res: Response, next: NextFunction) => {
  // @logto/express types req.session as a plain record; it is express-session's Session.
  const current = req.session as unknown as session.Session & Record<string, unknown>;
  const carried = Object.entries(current).filter(([key]) => key !== 'cookie');
  current.regenerate((error: unknown) => {
    if (error) return next(error);
    Object.assign(req.session, Object.fromEntries(carried));
    next();
  });
});
app.use(handleAuthRoutes(logto));

app.get('/', withLogto(logto), (req: Request, res: Response) => {
  const user = (
    req as Request & { user: { isAuthenticated: boolean; claims?: { email?: string | null; sub: string } } }
  ).user;
  res.send(
    page(
      user.isAuthenticated
        ? `<p>Signed in as <span data-testid="user-email">${escapeHtml(user.claims?.email ?? user.claims?.sub ?? '')}</span></p>
<a href="/logto/sign-out">Sign out</a>`
        : '<p>Not signed in.</p> <a href="/logto/sign-in">Sign in</a> <a href="/logto/sign-up">Sign up</a>',
    ),
  );
});

/** The ID token claims as JSON; 401 when nobody is signed in. */
app.get('/user', withLogto(logto), (req: Request, res: Response) => {
  const user = (req as Request & { user: { isAuthenticated: boolean; claims?: Record<string, unknown> } }).user;
  if (!user.isAuthenticated) {
    res.status(401).json({ authenticated: false });
    return;
  }
  res.json(user.claims);
});

app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
  const e = error as { name?: string; code?: string; message?: string };
  console.error(
    `[express-sdk-app] ${req.path} failed: ${e.name ?? 'Error'}${e.code ? ` (${e.code})` : ''}: ${e.message ?? ''}`,
  );
  // A forged or stale callback is the browser's fault (4xx); the rest is ours (5xx).
  const refused = error instanceof LogtoClientError || error instanceof LogtoError;
  res.status(refused ? 400 : 500).send(page(`<p role="alert">Sign-in ${refused ? 'refused' : 'failed'}.</p>`));
});

app.listen(port, '127.0.0.1', () => console.log(`express-sdk-app listening at ${baseUrl}`));

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Express SDK app</title></head><body><main>${body}</main></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
