/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-export"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
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

/* Where writing to @path really goes: a symbolic link is followed to its target (which
 * may not exist yet), so that the link stays a link and the target gets the new
 * contents, as a text editor saving through a link does. At most 40 links deep
 * (Linux's MAXSYMLINKS); a loop is an error. */
static char *
lf_export_resolve_links (const char  *path,
                         GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (int depth = 0; depth < 40; depth++)
    {
      g_autofree char *target = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      target = g_file_read_link (current, error);
      if (target == NULL)
        return NULL;
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          g_autofree char *joined = g_build_filename (dir, target, NULL);
          g_free (target);
          target = g_steal_pointer (&joined);
        }
      g_free (current);
      current = g_steal_pointer (&target);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
               _("%s: too many levels of symbolic links"), path);
  return NULL;
}

/**
 * lf_export_view:
 * @painter: the painter, with its scenario and view
 * @visual: (nullable): the live state to draw
 * @width: @height: the size in view units (the widget's size)
 * @scale: device pixels per unit for PNG
 * @file: a local file whose name ends in .png, .svg or .pdf
 *
 * Written atomically: into a temporary file next to the destination, flushed to disk,
 * then renamed over it. An existing file keeps its permissions; a new one gets the
 * usual 0666 less the umask (the temporary file is created with them). A symbolic link
 * is written through: its target gets the new contents and the link stays.
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
  g_autofree char *target = NULL;
  LfExportFormat format;
  GStatBuf st;
  gboolean exists;
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

  target = lf_export_resolve_links (path, error);
  if (target == NULL)
    return FALSE;
  exists = g_stat (target, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is not a regular file"), path);
      return FALSE;
    }

  dir = g_path_get_dirname (target);
  g_free (basename);
  basename = g_path_get_basename (target);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, basename);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);     /* 0666 less the umask */
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* an existing file keeps its mode (fchmod ignores the umask) */
  if (exists && fchmod (fd, st.st_mode & 07777) != 0)
    g_debug ("%s: could not keep the mode %o: %s", tmp, st.st_mode & 07777, g_strerror (errno));

  if (!lf_export_render (painter, visual, format, tmp, width, height, scale, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  /* cairo wrote through its own descriptor: flush the contents before the rename */
  if (fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", tmp, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (g_rename (tmp, target) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
