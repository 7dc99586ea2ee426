/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-export.h: writes what a painter shows (its view, at a size) to a PNG, SVG or PDF
 * file, chosen by the file's extension, atomically (a temporary file, then a rename). */
#pragma once

#include <gio/gio.h>

#include "lf-painter.h"

G_BEGIN_DECLS

typedef enum {
  LF_EXPORT_PNG,
  LF_EXPORT_SVG,
  LF_EXPORT_PDF,
} LfExportFormat;

/* FALSE (with no error) when the name has none of the three extensions. */
gboolean lf_export_format_for_name (const char     *name,
                                    LfExportFormat *format);
gboolean lf_export_view            (LfPainter      *painter,
                                    LfVisual       *visual,
                                    int             width,
                                    int             height,
                                    int             scale,
                                    GFile          *file,
                                    GError        **error);

G_END_DECLS
