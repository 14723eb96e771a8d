import { spawnSync } from 'node:child_process';
import { readSettings, setting } from '../../harness/config/settings.js';

/** The Python that runs apps/flask-guide (PYTHON, default python3), and whether it can. */
export const { PYTHON } = readSettings({ PYTHON: setting.string('python3') });
export const pythonHasSdk = spawnSync(PYTHON, ['-c', 'import logto, flask'], { stdio: 'ignore' }).status === 0;
export const noPythonSdk = `PYTHON=${PYTHON} cannot import Logto's Python SDK and Flask: pip install -r apps/flask-guide/requirements.txt, or set PYTHON to a Python that has them`;

/** All a user of the guide's Flask app writes (README): no contract setting at all. */
export const flaskGuideApp = {
  APP_UNDER_TEST: 'command',
  APP_COMMAND: `"${PYTHON}" -m flask --app app run --port $PORT`,
  APP_CWD: 'apps/flask-guide',
};
