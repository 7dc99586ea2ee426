/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-export"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "lf-export.h"

gboolean
lf_export_format_for_name (const char     *name,
                           LfExportFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = LF_EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = LF_EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = LF_EXPORT_PDF;
  else
    return FALSE;

  return TRUE;
}

static cairo_surface_t *
lf_export_create_surface (LfExportFormat  format,
                          const char     *path,
                          int             width,
                          int             height,
                          int             scale)
{
  cairo_surface_t *surface = NULL;

  switch (format)
    {
    case LF_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (surface, scale, scale);
      break;

    case LF_EXPORT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;

    case LF_EXPORT_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;

    default:
      g_assert_not_reached ();
    }

  return surface;
}

static gboolean
lf_export_render (LfPainter       *painter,
                  LfVisual        *visual,
                  LfExportFormat   format,
                  const char      *path,
                  int              width,
                  int              height,
                  int              scale,
                  GError         **error)
{
  cairo_surface_t *surface = lf_export_create_surface (format, path, width, height, scale);
  cairo_status_t status;
  cairo_t *cr = cairo_create (surface);

  lf_painter_draw (painter, cr, width, height, visual);
  cairo_destroy (cr);

  if (format == LF_EXPORT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/**
 * lf_export_view:
 * @painter: the painter, with its scenario and view
 * @visual: (nullable): the live state to draw
 * @width: @height: the size in view units (the widget's size)
 * @scale: device pixels per unit for PNG
 * @file: a local file whose name ends in .png, .svg or .pdf
 *
 * Returns: whether @file was written; on failure it is left as it was
 */
gboolean
lf_export_view (LfPainter  *painter,
                LfVisual   *visual,
                int         width,
                int         height,
                int         scale,
                GFile      *file,
                GError    **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  LfExportFormat format;
  int fd;

  g_return_val_if_fail (LF_IS_PAINTER (painter), FALSE);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, FALSE);

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be exported to"));
      return FALSE;
    }
  basename = g_path_get_basename (path);
  if (!lf_export_format_for_name (basename, &format))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("The file name must end in .png, .svg or .pdf"));
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, basename);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!lf_export_render (painter, visual, format, tmp, width, height, scale, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  g_chmod (tmp, 0644);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
