#!/bin/bash
# Writes the settings this stack owns into qBittorrent.conf, then runs qbittorrent-nox.
#   QBT_USERNAME, QBT_PASSWORD_FILE   the WebUI login the torrent service uses
#   QBT_WEBUI_PORT, QBT_PEER_PORT     WebUI and BitTorrent ports
set -euo pipefail
profile=/var/lib/qbittorrent
conf="$profile/qBittorrent/config/qBittorrent.conf"
: "${QBT_PASSWORD_FILE:?set QBT_PASSWORD_FILE (the WebUI password secret)}"
password=$(tr -d '\r\n' <"$QBT_PASSWORD_FILE")
username=${QBT_USERNAME:-admin}

# PBKDF2-HMAC-SHA512, 100000 iterations, 16-byte salt, 64-byte key: @ByteArray(salt:key).
salt_hex=$(openssl rand -hex 16)
key_hex=$(openssl kdf -keylen 64 -kdfopt digest:SHA512 -kdfopt "pass:$password" \
  -kdfopt "hexsalt:$salt_hex" -kdfopt iter:100000 PBKDF2 | tr -d ':\n')
b64() { echo -n "$1" | sed 's/../\\x&/g' | xargs -0 printf '%b' | base64 -w0; }
hash="@ByteArray($(b64 "$salt_hex"):$(b64 "$key_hex"))"

mkdir -p "$(dirname "$conf")"
touch "$conf"
# Drop the keys we own from wherever they are, then append them to their sections.
owned='^(Accepted|WebUI\\(Enabled|Address|Port|Username|Password_PBKDF2|LocalHostAuth|UseUPnP|CSRFProtection|HostHeaderValidation)|Session\\(DefaultSavePath|TempPathEnabled|Port)|PortForwardingEnabled|General\\Locale)='
grep -vE "$owned" "$conf" >"$conf.tmp" || true
set_in() {  # section key=value...
  local section=$1; shift
  if ! grep -qxF "[$section]" "$conf.tmp"; then printf '\n[%s]\n' "$section" >>"$conf.tmp"; fi
  local lines; lines=$(printf '%s\n' "$@")
  awk -v s="[$section]" -v add="$lines" '{print} $0==s{print add}' "$conf.tmp" >"$conf.tmp2"
  mv "$conf.tmp2" "$conf.tmp"
}
set_in LegalNotice 'Accepted=true'
set_in Preferences 'WebUI\Enabled=true' 'WebUI\Address=*' "WebUI\\Port=$QBT_WEBUI_PORT" \
  "WebUI\\Username=$username" "WebUI\\Password_PBKDF2=\"$hash\"" 'WebUI\LocalHostAuth=true' \
  'WebUI\UseUPnP=false' 'WebUI\CSRFProtection=true' 'WebUI\HostHeaderValidation=false' \
  'General\Locale=en'
set_in BitTorrent 'Session\DefaultSavePath=/downloads' 'Session\TempPathEnabled=false' \
  "Session\\Port=$QBT_PEER_PORT"
set_in Network 'PortForwardingEnabled=false'
install -m 0600 "$conf.tmp" "$conf"
rm -f "$conf.tmp"
exec qbittorrent-nox --profile="$profile" --webui-port="$QBT_WEBUI_PORT" "$@"
