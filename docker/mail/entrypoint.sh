#!/bin/sh
# Fills the shared Dovecot template, starts Dovecot, the connector's front when the run sends
# through SMTP or HTTP (the harness's own script, copied in at start), then the SES emulator
# (behind the fault front) relaying into it.
set -eu
export DOVECOT_BASE_DIR=/run/dovecot DOVECOT_STATE_DIR=/var/lib/dovecot \
  DOVECOT_LOG=/dev/stderr DOVECOT_LISTEN='*' \
  DOVECOT_INTERNAL_USER=dovecot DOVECOT_LOGIN_USER=dovenull \
  DOVECOT_USERS_FILE=/etc/mail-sink/users DOVECOT_MAIL_DIR=/var/mail/sink \
  DOVECOT_MAIL_UID=mail DOVECOT_MAIL_GID=mail
mkdir -p "$DOVECOT_BASE_DIR" "$DOVECOT_MAIL_DIR" && chown mail:mail "$DOVECOT_MAIL_DIR"
printf '%s:{PLAIN}%s\n' "$MAILBOX_USER" "$MAILBOX_PASSWORD" > "$DOVECOT_USERS_FILE"
envsubst < /etc/mail-sink/dovecot.conf.template > /etc/mail-sink/dovecot.conf
# Self-signed certificate so the real-inbox (TLS) path can be exercised against the sink.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=mail-sink \
  -keyout /etc/mail-sink/tls.key -out /etc/mail-sink/tls.crt 2>/dev/null
printf 'ssl = yes\nssl_cert = </etc/mail-sink/tls.crt\nssl_key = </etc/mail-sink/tls.key\n' > /etc/mail-sink/tls.conf
dovecot -c /etc/mail-sink/dovecot.conf
# SpamAssassin's spamd, local rules only (no network here), on the container's loopback: the
# host reaches it through the SES front's /_spamc (the run's secret). The front starts once spamd
# takes connections, so the first score never meets a closed port.
nice -n 19 spamd --listen="127.0.0.1:$SPAMD_PORT" --local --max-children=1 --min-children=1 \
  --nouser-config --syslog=stderr --username=nobody &
# Waits (up to 60 s, a 50 ms poll) until the container's loopback takes connections on port $1.
wait_port() {
  node -e 'const n=require("net");const p=+process.argv[1];const t=Date.now();(function f(){const s=n.connect(p,"127.0.0.1",()=>{s.end();process.exit(0)});s.on("error",()=>Date.now()-t>60000?process.exit(1):setTimeout(f,50))})()' "$1"
}
wait_port "$SPAMD_PORT"
# The connector's front (MAIL_CONNECTOR=smtp or http), as local mode runs it: it reads its
# secrets from its env and drops them; the SES front starts once it listens, so the container's
# "ready" means the front is up too.
if [ -n "${SMTP_SINK_SECRET:-}" ]; then
  node /etc/mail-sink/connectors/smtp/smtp-front.mjs --host 0.0.0.0 \
    --cert /etc/mail-sink/smtp-tls.crt --key /etc/mail-sink/smtp-tls.key --lmtp-port "$LMTP_PORT" \
    --starttls-port 587 --implicit-port 465 --control-port 8025 &
  wait_port 8025
fi
if [ -n "${HTTP_SINK_SECRET:-}" ]; then
  node /etc/mail-sink/connectors/http/http-front.mjs --host 0.0.0.0 \
    --templates /etc/mail-sink/http-templates.json --lmtp-port "$LMTP_PORT" --port 8080 &
  wait_port 8080
fi
unset SMTP_SINK_SECRET SMTP_SINK_USER SMTP_SINK_PASSWORD HTTP_SINK_SECRET HTTP_SINK_TOKEN
export SMTP_TRANSPORT="{\"host\":\"127.0.0.1\",\"port\":${LMTP_PORT},\"lmtp\":true,\"ignoreTLS\":true}"
exec node /etc/mail-sink/ses-faults.mjs --host 0.0.0.0 --port "$SES_PORT" \
  --emulator "$(npm root -g)/aws-ses-v2-local"
