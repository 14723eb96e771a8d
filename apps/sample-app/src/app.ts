import express, { type Request, type Response } from 'express';
import session from 'express-session';
import LogtoClient, { UserScope } from '@logto/node';
import { minSessionSecretLength, type SampleAppConfig } from './config.js';
import { SessionStorage } from './session-storage.js';

/**
 * The Flask sample of Logto's guide, route for route, on Express + @logto/node:
 * `/`, `/sign-in`, `/sign-up`, `/callback`, `/sign-out`, plus `/me` (ID token claims as JSON)
 * for assertions.
 */
export function createSampleApp(config: SampleAppConfig): express.Express {
  if (config.sessionSecret.length < minSessionSecretLength) {
    throw new Error(`Setting APP_SESSION_SECRET: expected at least ${minSessionSecretLength} characters`);
  }
  const log = config.log ?? ((line: string) => console.error(line));
  const app = express();
  app.disable('x-powered-by');
  app.use(
    session({
      name: 'sample_app_session',
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.baseUrl.startsWith('https:') },
    }),
  );

  const callbackUrl = `${config.baseUrl}/callback`;
  const logtoConfig = {
    endpoint: config.logtoEndpoint,
    appId: config.appId,
    appSecret: config.appSecret,
    scopes: [UserScope.Email],
  };

  /** One client per request (its `navigate` captures the redirect); OIDC metadata is cached by the SDK. */
  function clientFor(req: Request): { client: LogtoClient; redirectTo: () => string | undefined } {
    let target: string | undefined;
    const client = new LogtoClient(logtoConfig, {
      storage: new SessionStorage(req.session),
      navigate: (url) => {
        target = url;
      },
    });
    return { client, redirectTo: () => target };
  }

  /** The session must be saved before the browser follows the redirect. */
  function saveAndRedirect(req: Request, res: Response, url: string | undefined): void {
    if (!url) {
      res.status(500).send(page('Error', '<p role="alert">The Logto SDK gave no URL to go to.</p>'));
      return;
    }
    req.session.save((error) =>
      error
        ? res.status(500).send(page('Error', '<p role="alert">Session could not be saved.</p>'))
        : res.redirect(url),
    );
  }

  /**
   * The callback URL as the browser sent it. With `unsafeSkipStateCheck` (the harness's proof
   * that its forged-state spec can fail; never set from env) the stored state replaces the
   * browser's, as an app that skips the check would behave.
   */
  function callbackUrlOf(req: Request): string {
    const url = new URL(`${config.baseUrl}${req.originalUrl}`);
    const stored = req.session.logto?.signInSession;
    if (config.unsafeSkipStateCheck && stored) {
      url.searchParams.set('state', String((JSON.parse(stored) as { state?: unknown }).state));
    }
    return url.href;
  }

  const uiLocales = (req: Request) =>
    typeof req.query.ui_locales === 'string' && /^[\w\s-]{2,40}$/.test(req.query.ui_locales)
      ? { ui_locales: req.query.ui_locales }
      : undefined;
  /**
   * A magic link's parameters (Logto's one-time token, as its docs build the link): forwarded to
   * Logto with the sign-in request, which then signs in the token's email without a code.
   */
  const magicLink = (req: Request) =>
    typeof req.query.one_time_token === 'string' &&
    typeof req.query.login_hint === 'string' &&
    /^[\w-]{8,200}$/.test(req.query.one_time_token) &&
    req.query.login_hint.length <= 320
      ? { one_time_token: req.query.one_time_token, login_hint: req.query.login_hint }
      : undefined;

  app.get('/', async (req, res, next) => {
    try {
      const { client } = clientFor(req);
      if (await client.isAuthenticated()) {
        const claims = await client.getIdTokenClaims();
        res.send(
          page(
            'Home',
            `<p data-testid="auth-state" data-state="signed-in">Signed in as <span data-testid="user-email">${escapeHtml(String(claims.email ?? claims.sub))}</span></p>
<a href="/sign-out" data-testid="sign-out">Sign out</a>`,
          ),
        );
        return;
      }
      res.send(
        page(
          'Home',
          `<p data-testid="auth-state" data-state="signed-out">Not signed in</p>
<a href="/sign-in" data-testid="sign-in">Sign in</a> <a href="/sign-up" data-testid="sign-up">Sign up</a>`,
        ),
      );
    } catch (error) {
      next(error);
    }
  });

  app.get('/sign-in', async (req, res, next) => {
    try {
      const { client, redirectTo } = clientFor(req);
      await client.signIn({
        redirectUri: callbackUrl,
        extraParams: { ...uiLocales(req), ...magicLink(req) },
        ...(config.firstScreen ? { firstScreen: config.firstScreen } : {}),
        ...(config.identifiers ? { identifiers: config.identifiers } : {}),
      });
      saveAndRedirect(req, res, redirectTo());
    } catch (error) {
      next(error);
    }
  });

  app.get('/sign-up', async (req, res, next) => {
    try {
      const { client, redirectTo } = clientFor(req);
      await client.signIn({ redirectUri: callbackUrl, interactionMode: 'signUp', extraParams: uiLocales(req) });
      saveAndRedirect(req, res, redirectTo());
    } catch (error) {
      next(error);
    }
  });

  app.get('/callback', async (req, res) => {
    try {
      const { client } = clientFor(req);
      await client.handleSignInCallback(callbackUrlOf(req));
      // A new session id once signed in: an id planted before sign-in (fixation) is worthless.
      const tokens = req.session.logto;
      req.session.regenerate((error) => {
        if (error) {
          logError('session regeneration', error, log);
          res.status(500).send(page('Error', '<p role="alert">Session could not be renewed.</p>'));
          return;
        }
        req.session.logto = tokens;
        saveAndRedirect(req, res, '/');
      });
    } catch (error) {
      // A missing, stale or forged state is the browser's fault, not the server's: 4xx.
      logError('callback', error, log);
      const code = (error as { code?: string }).code;
      res
        .status(400)
        .send(
          page(
            'Sign-in refused',
            `<p role="alert" data-testid="callback-error" data-code="${escapeHtml(code ?? 'error')}">The sign-in callback was refused${code ? ` (${escapeHtml(code)})` : ''}. <a href="/">Home</a></p>`,
          ),
        );
    }
  });

  app.get('/sign-out', async (req, res, next) => {
    try {
      const { client, redirectTo } = clientFor(req);
      await client.signOut(`${config.baseUrl}/`);
      saveAndRedirect(req, res, redirectTo());
    } catch (error) {
      next(error);
    }
  });

  app.get('/me', async (req, res, next) => {
    try {
      const { client } = clientFor(req);
      if (!(await client.isAuthenticated())) {
        res.status(401).json({ authenticated: false });
        return;
      }
      const { sub, email, email_verified } = await client.getIdTokenClaims();
      res.json({ authenticated: true, sub, email, email_verified });
    } catch (error) {
      next(error);
    }
  });

  app.use((error: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    logError(req.path, error, log);
    // Never echo internals (the app secret can appear in SDK errors' request details).
    const code = (error as { code?: string }).code;
    res.status(500).send(page('Error', `<p role="alert">The app failed${code ? ` (${escapeHtml(code)})` : ''}.</p>`));
  });
  return app;
}

/** Server-side log of a failure: its name, code and message only (never request details). */
function logError(where: string, error: unknown, log: (line: string) => void): void {
  const e = error as { name?: string; code?: string; message?: string };
  log(
    `[sample-app] ${where} failed: ${e.name ?? 'Error'}${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Sample app</title></head><body><main>${body}</main></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
