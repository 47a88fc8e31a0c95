#!/usr/bin/env bash
# Captures live BGP sessions between BIRD 2 and FRR bgpd and turns chosen messages into the
# annotated hex fixtures under bgp-core/src/test/resources/fixtures/capture-*.hex.
#
# Lab: two network namespaces joined by a veth pair, documentation addresses only:
#   cap-bird (AS 65001): 192.0.2.1/24, 2001:db8::1/64     cap-frr (AS 65002): 192.0.2.2/24, 2001:db8::2/64
# Two eBGP sessions: one over IPv4 carrying IPv4 unicast, one over IPv6 carrying IPv6 unicast.
# Each side announces documentation prefixes with MED and standard, extended and large
# communities. tshark records the veth in cap-bird; the script then reassembles each TCP stream,
# splits it into BGP messages and writes the first OPEN, the first IPv4 and IPv6 UPDATE with NLRI,
# and the End-of-RIB markers of each speaker, each preceded by tshark's own dissection (-V) of
# that message as the field-by-field annotation.
#
# Needs root, bird2, frr, tshark, python3. Usage: interop-tests/scripts/capture-fixtures.sh
# With SESSION=FILE it also writes every message of the capture, in order, one per line as
# "SPEAKER TCP-STREAM HEX" (bin/cairn-lab demo decodes that file with cairn's codec).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT-$here/../../bgp-core/src/test/resources/fixtures}
work=$(mktemp -d /tmp/cairn-capture.XXXXXX)
A=cap-bird; B=cap-frr
cleanup() {
  set +e
  [ -f "$work/tshark.pid" ] && kill "$(cat "$work/tshark.pid")" 2>/dev/null
  [ -f "$work/bird.pid" ] && kill "$(cat "$work/bird.pid")" 2>/dev/null
  [ -f "$work/bgpd.pid" ] && kill "$(cat "$work/bgpd.pid")" 2>/dev/null
  sleep 0.2
  ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for t in bird birdc /usr/lib/frr/bgpd tshark python3; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done

ip netns add $A; ip netns add $B
ip link add cap0 type veth peer name cap1
ip link set dev cap0 netns $A; ip link set dev cap1 netns $B
ip -n $A addr add 192.0.2.1/24 dev cap0; ip -n $A addr add 2001:db8::1/64 dev cap0 nodad
ip -n $B addr add 192.0.2.2/24 dev cap1; ip -n $B addr add 2001:db8::2/64 dev cap1 nodad
for n in $A $B; do ip -n $n link set lo up; done
ip -n $A link set cap0 up; ip -n $B link set cap1 up

cat > "$work/bird.conf" <<CONF
router id 192.0.2.1;
protocol device {}
protocol static s4 { ipv4; route 198.51.100.0/25 blackhole; route 198.51.100.128/25 blackhole; }
protocol static s6 { ipv6; route 2001:db8:100::/48 blackhole; }
filter out_bgp {
  bgp_med = 50;
  bgp_community.add((65001,100));
  bgp_ext_community.add((rt,65001,1));
  bgp_large_community.add((65001,1,2));
  accept;
}
protocol bgp frr4 {
  local 192.0.2.1 as 65001; neighbor 192.0.2.2 as 65002;
  ipv4 { import all; export filter out_bgp; };
}
protocol bgp frr6 {
  local 2001:db8::1 as 65001; neighbor 2001:db8::2 as 65002;
  ipv6 { import all; export filter out_bgp; };
}
CONF
cat > "$work/bgpd.conf" <<CONF
frr defaults traditional
hostname cap-frr
route-map OUT permit 10
 set metric 60
 set community 65002:100
 set extcommunity rt 65002:1
 set large-community 65002:1:2
router bgp 65002
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.0.2.1 remote-as 65001
 neighbor 2001:db8::1 remote-as 65001
 address-family ipv4 unicast
  network 203.0.113.0/24
  neighbor 192.0.2.1 route-map OUT out
  no neighbor 2001:db8::1 activate
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:200::/48
  neighbor 2001:db8::1 activate
  neighbor 2001:db8::1 route-map OUT out
 exit-address-family
CONF

ip netns exec $A tshark -q -i cap0 -f 'tcp port 179' -w "$work/cap.pcap" >"$work/tshark.log" 2>&1 &
echo $! > "$work/tshark.pid"
for _ in $(seq 100); do grep -q "Capturing on" "$work/tshark.log" && break; sleep 0.1; done

ip netns exec $A bird -c "$work/bird.conf" -s "$work/bird.ctl" -P "$work/bird.pid"
ip netns exec $B /usr/lib/frr/bgpd -d -Z -n -S -f "$work/bgpd.conf" -i "$work/bgpd.pid" \
  -z "$work/zserv.api" --vty_socket "$work" -P 0 --log "file:$work/bgpd.log"

# wait until BIRD holds FRR's routes of both families (both sessions up, updates exchanged)
ok=
for _ in $(seq 300); do
  if ip netns exec $A birdc -s "$work/bird.ctl" show route protocol frr4 2>/dev/null | grep -q 203.0.113.0/24 &&
     ip netns exec $A birdc -s "$work/bird.ctl" show route protocol frr6 2>/dev/null | grep -q 2001:db8:200::/48; then
    ok=1; break
  fi
  sleep 0.1
done
[ -n "$ok" ] || { echo "sessions did not come up" >&2; cat "$work/bgpd.log" >&2 || true; exit 1; }
# End-of-RIB follows the initial updates; wait for both speakers' markers to be on the wire
for _ in $(seq 100); do
  n=$(tshark -r "$work/cap.pcap" -Y 'bgp.type == 2' 2>/dev/null | wc -l || true)
  [ "${n:-0}" -ge 8 ] && break
  sleep 0.2
done
kill -INT "$(cat "$work/tshark.pid")"; wait "$(cat "$work/tshark.pid")" 2>/dev/null || true
rm -f "$work/tshark.pid"

bird_v=$(bird --version 2>&1 | head -1); frr_v=$(/usr/lib/frr/bgpd --version 2>&1 | head -1)
python3 - "$work/cap.pcap" "$out" "$bird_v" "$frr_v" "${SESSION:-}" <<'PY'
import subprocess, sys, collections, datetime
pcap, out, bird_v, frr_v, session = sys.argv[1:6]
rows = subprocess.run(['tshark', '-r', pcap, '-T', 'fields', '-e', 'tcp.stream', '-e', 'ip.src',
                       '-e', 'ipv6.src', '-e', 'tcp.seq_raw', '-e', 'tcp.payload', '-Y', 'tcp.len > 0'],
                      capture_output=True, text=True, check=True).stdout.splitlines()
streams = collections.defaultdict(dict)
for r in rows:
    stream, s4, s6, seq, payload = (r.split('\t') + [''] * 5)[:5]
    streams[(stream, s4 or s6)][int(seq)] = bytes.fromhex(payload.replace(':', ''))
msgs = []  # (speaker, family-of-transport, bytes)
for (stream, src), segs in sorted(streams.items()):
    data = b''.join(segs[k] for k in sorted(segs))
    i = 0
    while i + 19 <= len(data):
        ln = int.from_bytes(data[i + 16:i + 18], 'big')
        msgs.append(('bird' if src in ('192.0.2.1', '2001:db8::1') else 'frr',
                     'ipv6' if ':' in src else 'ipv4', data[i:i + ln], stream))
        i += ln
if session:
    with open(session, 'w') as fh:
        for speaker, transport, m, stream in msgs:
            fh.write(f'{speaker} {stream} {m.hex()}\n')
    if not out:
        sys.exit(0)
def kind(m):
    t = m[18]
    if t == 1: return 'open'
    if t != 2: return None
    wl = int.from_bytes(m[19:21], 'big'); al = int.from_bytes(m[21 + wl:23 + wl], 'big')
    if len(m) == 23: return 'eor-ipv4'
    if al == 6 and m[23 + wl + 1] == 15 and len(m) == 29: return 'eor-ipv6'
    attrs = m[23 + wl:23 + wl + al]
    if len(m) > 23 + wl + al: return 'update-ipv4'
    j = 0
    while j < len(attrs):
        f, t2 = attrs[j], attrs[j + 1]
        l = int.from_bytes(attrs[j + 2:j + 4], 'big') if f & 0x10 else attrs[j + 2]
        if t2 == 14: return 'update-ipv6'
        j += (4 if f & 0x10 else 3) + l
    return None
chosen = {}
for speaker, transport, m, stream in msgs:
    k = kind(m)
    if k == 'open' and transport == 'ipv6': continue
    if k and (speaker, k) not in chosen: chosen[(speaker, k)] = m
today = datetime.date.today().isoformat()
for (speaker, k), m in sorted(chosen.items()):
    name = f'{out}/capture-{speaker}-{k}.hex'
    # tshark's dissection of this one message, as the annotation
    import tempfile, struct, os
    with tempfile.NamedTemporaryFile(suffix='.pcap', delete=False) as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        tcp = struct.pack('!HHIIBBHHH', 40000, 179, 1, 1, 5 << 4, 0x18, 65535, 0, 0)
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 40 + len(m), 1, 0, 64, 6, 0, bytes([192,0,2,1]), bytes([192,0,2,2]))
        p = ip + tcp + m
        f.write(struct.pack('<IIII', 0, 0, len(p), len(p)) + p)
        tmp = f.name
    tree = subprocess.run(['tshark', '-r', tmp, '-V', '-O', 'bgp'], capture_output=True, text=True).stdout
    os.unlink(tmp)
    lines = tree.splitlines()
    start = next((n for n, l in enumerate(lines) if l.startswith('Border Gateway Protocol')), 0)
    with open(name, 'w') as fh:
        fh.write(f'# {k.upper()} sent by {speaker.upper()} ({bird_v if speaker == "bird" else frr_v})\n')
        fh.write(f'# captured {today} on a live eBGP session BIRD (AS 65001) <-> FRR (AS 65002) in two\n')
        fh.write('# network namespaces by interop-tests/scripts/capture-fixtures.sh (tshark on the veth).\n')
        fh.write('# Annotation: tshark -V dissection of these octets.\n#\n')
        for l in lines[start:]:
            fh.write('#   ' + l + '\n')
        for off in range(0, len(m), 16):
            fh.write(' '.join(m[off + x:off + x + 4].hex() for x in range(0, min(16, len(m) - off), 4)) + '\n')
    print('wrote', name, len(m), 'octets')
PY
