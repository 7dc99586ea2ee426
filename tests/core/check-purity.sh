#!/bin/sh
# core/ must stay free of drawing and GTK; ui/painter/ free of GTK (DESIGN.md, defaults.md).
root=${1:-.}
status=0
bad=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|adwaita|libadwaita|cairo|pango|librsvg|gst/)' \
      "$root/core" --include='*.c' --include='*.h' 2>/dev/null)
if [ -n "$bad" ]; then
  echo "core/ includes a GTK, GDK, libadwaita, cairo, pango, librsvg or GStreamer header:"
  echo "$bad"
  status=1
fi
if [ -d "$root/ui/painter" ]; then
  bad=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|adwaita|libadwaita)' \
        "$root/ui/painter" --include='*.c' --include='*.h' 2>/dev/null)
  if [ -n "$bad" ]; then
    echo "ui/painter/ includes a GTK, GDK or libadwaita header:"
    echo "$bad"
    status=1
  fi
fi
[ $status -eq 0 ] && echo "core/ and ui/painter/ are pure"
exit $status
