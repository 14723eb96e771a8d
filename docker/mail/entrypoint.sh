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
# The connector's front (MAIL_CONNECTOR=smtp, http…), as local mode runs it: the harness's own
# script, copied in at start, with its arguments in SINK_FRONT_ARGS (none has a space). The SES
# front starts once it listens (SINK_FRONT_PORT), so the container's "ready" means it is up too;
# its secrets (named in SINK_FRONT_ENV) are its alone: dropped before anything else starts.
if [ -n "${SINK_FRONT_ARGS:-}" ]; then
  # shellcheck disable=SC2086 # the arguments are split on purpose
  node $SINK_FRONT_ARGS &
  wait_port "$SINK_FRONT_PORT" || {
    echo "mail-sink: the connector's front did not listen on $SINK_FRONT_PORT within 60 s (its own lines above say why)" >&2
    exit 1
  }
  # shellcheck disable=SC2086
  unset $SINK_FRONT_ENV
fi
export SMTP_TRANSPORT="{\"host\":\"127.0.0.1\",\"port\":${LMTP_PORT},\"lmtp\":true,\"ignoreTLS\":true}"
exec node /etc/mail-sink/ses-faults.mjs --host 0.0.0.0 --port "$SES_PORT" \
  --emulator "$(npm root -g)/aws-ses-v2-local"
