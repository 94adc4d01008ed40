# Writes a small PNG preview for the demo job: a progress bar filled to PERCENT, in plain bash with gzip, od and awk
# (no image tools needed). A PNG is a signature and three chunks; the pixel data is a zlib stream, whose deflate part
# and the chunks' CRC-32s come from gzip (its trailer holds the CRC-32 of its input), and whose Adler-32 awk sums.
#   source preview.sh; write_preview PERCENT FILE

hex_bytes() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }
repeat() { local out="" i; for ((i = 0; i < $2; i++)); do out+="$1"; done; printf '%s' "$out"; }
be32() { printf '%08x' "$1"; }

# A chunk: length, type, data, and the CRC-32 of type and data (gzip's trailer holds it, least significant first).
chunk() {
  local type_and_data="$1" out="$2" crc
  hex_bytes "$(be32 $(($(stat -c %s "$type_and_data") - 4)))" >>"$out"
  cat "$type_and_data" >>"$out"
  crc=$(gzip -c -n <"$type_and_data" | tail -c 8 | head -c 4 | od -An -v -tx1 | tr -d ' \n')
  hex_bytes "${crc:6:2}${crc:4:2}${crc:2:2}${crc:0:2}" >>"$out"
}

write_preview() {
  local percent="$1" file="$2" width=240 height=72 work row filled y
  work=$(mktemp -d)
  filled=$((width * percent / 100))
  local background bar
  background="00$(repeat 0f172a "$width")"
  bar="00$(repeat 3b82f6 "$filled")$(repeat 334155 $((width - filled)))"
  for ((y = 0; y < height; y++)); do
    if ((y >= 24 && y < 48)); then row="$bar"; else row="$background"; fi
    hex_bytes "$row"
  done >"$work/pixels"

  local adler
  adler=$(od -An -v -tu1 "$work/pixels" | awk 'BEGIN { a = 1; b = 0 }
    { for (i = 1; i <= NF; i++) { a = (a + $i) % 65521; b = (b + a) % 65521 } }
    END { printf "%04x%04x", b, a }')

  hex_bytes "89504e470d0a1a0a" >"$file"
  { printf 'IHDR'; hex_bytes "$(be32 "$width")$(be32 "$height")0802000000"; } >"$work/ihdr"
  chunk "$work/ihdr" "$file"
  {
    printf 'IDAT'
    hex_bytes "7801"
    gzip -c -n -9 <"$work/pixels" | tail -c +11 | head -c -8
    hex_bytes "$adler"
  } >"$work/idat"
  chunk "$work/idat" "$file"
  printf 'IEND' >"$work/iend"
  chunk "$work/iend" "$file"
  rm -rf "$work"
}
