/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-render"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "lf-error.h"
#include "lf-painter.h"
#include "lf-render.h"
#include "lf-cli.h"
#include "lf-icon-cache.h"
#include "lf-scenario.h"
#include "lf-sim.h"
#include "lf-visual.h"

/* `lambdaflow-sim render`: run a scenario to simulated time T and draw it as the app
 * shows it at that moment (playing at --speed, 5× by default), with its title and
 * clock, into a PNG, SVG or PDF. The file is written beside its name as FILE.tmp and
 * renamed into place. */

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

#define DEFAULT_WIDTH   1280
#define DEFAULT_HEIGHT  800
#define MAX_SIDE        16384
#define FIT_MARGIN      32.0
#define MAX_SCALE       1.5
#define DEFAULT_SPEED   5.0

typedef enum { FORMAT_PNG, FORMAT_SVG, FORMAT_PDF } Format;

typedef struct {
  const char     *file;
  const char     *at;
  const char     *output;
  const char     *size;
  const char     *seed;
  const char     *style;
  const char     *speed;
  LfTime          t;
  double          playback;
  int             width;
  int             height;
  Format          format;
  LfPainterStyle  painter_style;
} RenderOptions;

static const char render_usage[] =
  "Usage:\n"
  "  lambdaflow-sim render SCENARIO --at T --output FILE.png|.svg|.pdf [--size WxH] [--seed N]\n"
  "                                 [--style light|dark] [--speed S]\n"
  "\n"
  "Runs SCENARIO to simulated time T and draws the diagram as the app shows it then,\n"
  "playing at speed S (default 5×: a token travels an edge in 3 s of simulated time).\n"
  "Exit status: 0 drawn, 1 invalid scenario, 2 usage error, 3 I/O error.\n";

static int render_usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
render_usage_error (const char *fmt,
                    ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("lambdaflow-sim: render: %s\n\n%s", msg, render_usage);
  return EXIT_USAGE;
}

/* ---- options ---------------------------------------------------------------------- */

/* Splits "--name=value" and "--name value" into their slots. */
static int
parse_arguments (int            argc,
                 char         **argv,
                 RenderOptions *o)
{
  const LfCliOption options[] = {
    { "--at", NULL, &o->at }, { "--output", "-o", &o->output }, { "--size", NULL, &o->size },
    { "--seed", NULL, &o->seed }, { "--style", NULL, &o->style }, { "--speed", NULL, &o->speed },
    { NULL, NULL, NULL },
  };
  g_autofree char *message = NULL;

  if (!lf_cli_parse (argc, argv, options, &o->file, &message))
    return render_usage_error ("%s", message);
  return EXIT_OK;
}

static gboolean
parse_format (const char *path,
              Format     *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_speed (const char *text,
             double     *speed)
{
  char *end = NULL;

  *speed = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *speed >= 0.1 && *speed <= 1000;
}

static int
check_options (RenderOptions *o)
{
  g_autoptr(GError) error = NULL;

  if (o->file == NULL)
    return render_usage_error ("a scenario file is needed");
  if (o->at == NULL)
    return render_usage_error ("--at T is needed (a simulated time such as 90s)");
  if (!lf_time_parse_duration (o->at, &o->t, &error) || o->t < 0)
    return render_usage_error ("--at: %s", error ? error->message : "must not be negative");
  if (o->output == NULL)
    return render_usage_error ("--output FILE is needed");
  if (!parse_format (o->output, &o->format))
    return render_usage_error ("--output must end in .png, .svg or .pdf, not “%s”", o->output);
  o->width = DEFAULT_WIDTH;
  o->height = DEFAULT_HEIGHT;
  if (o->size && !lf_cli_parse_size (o->size, 16, MAX_SIDE, &o->width, &o->height))
    return render_usage_error ("--size takes WxH, each 16–%d, not “%s”", MAX_SIDE, o->size);
  o->playback = DEFAULT_SPEED;
  if (o->speed && !parse_speed (o->speed, &o->playback))
    return render_usage_error ("--speed takes a number from 0.1 to 1000, not “%s”", o->speed);
  o->painter_style = LF_PAINTER_STYLE_LIGHT;
  if (o->style && g_str_equal (o->style, "dark"))
    o->painter_style = LF_PAINTER_STYLE_DARK;
  else if (o->style && !g_str_equal (o->style, "light"))
    return render_usage_error ("--style takes light or dark, not “%s”", o->style);
  return EXIT_OK;
}

/* ---- scenario --------------------------------------------------------------------- */

/* ---- drawing ---------------------------------------------------------------------- */


static void
draw_frame (cairo_t       *cr,
            LfSim         *sim,
            LfVisual      *visual,
            RenderOptions *o)
{
  g_autoptr(LfPainter) painter = lf_painter_new ();
  LfScenario *scenario = lf_sim_get_scenario (sim);
  cairo_rectangle_t area = { 0, LF_PAINTER_CAPTION_HEIGHT, o->width,
                             o->height - LF_PAINTER_CAPTION_HEIGHT };

  lf_painter_set_scenario (painter, scenario);
  lf_painter_set_style (painter, o->painter_style);
  lf_painter_set_icon_dir (painter, lf_icon_cache_default_dir ());
  lf_painter_fit (painter, &area, FIT_MARGIN, MAX_SCALE);
  lf_painter_draw (painter, cr, o->width, o->height, visual);
  lf_painter_draw_caption (painter, cr, o->width, lf_scenario_get_title (scenario),
                           lf_visual_get_now (visual));
}

static cairo_surface_t *
create_surface (RenderOptions *o,
                const char    *tmp)
{
  switch (o->format)
    {
    case FORMAT_SVG:
      return cairo_svg_surface_create (tmp, o->width, o->height);
    case FORMAT_PDF:
      return cairo_pdf_surface_create (tmp, o->width, o->height);
    case FORMAT_PNG:
    default:
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, o->width, o->height);
    }
}

/* Draws into FILE.tmp and renames it into place. */
static int
write_output (LfSim         *sim,
              LfVisual      *visual,
              RenderOptions *o)
{
  g_autofree char *tmp = g_strconcat (o->output, ".tmp", NULL);
  cairo_surface_t *surface = create_surface (o, tmp);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_t *cr;

  if (status == CAIRO_STATUS_SUCCESS)
    {
      cr = cairo_create (surface);
      draw_frame (cr, sim, visual, o);
      status = cairo_status (cr);
      cairo_destroy (cr);
    }
  if (status == CAIRO_STATUS_SUCCESS && o->format == FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("lambdaflow-sim: cannot write %s: %s\n", o->output, cairo_status_to_string (status));
      g_unlink (tmp);
      return EXIT_IO;
    }
  if (g_rename (tmp, o->output) != 0)
    {
      int saved = errno;
      g_printerr ("lambdaflow-sim: cannot write %s: %s\n", o->output, g_strerror (saved));
      g_unlink (tmp);
      return EXIT_IO;
    }
  return EXIT_OK;
}

int
lf_render_main (int    argc,
                char **argv)
{
  RenderOptions o = { 0 };
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if ((status = parse_arguments (argc, argv, &o)) != EXIT_OK ||
      (status = check_options (&o)) != EXIT_OK)
    return status;
  if ((scenario = lf_cli_load (o.file, o.seed, &status)) == NULL)
    return status;
  if ((sim = lf_sim_new (scenario, &error)) == NULL)
    {
      g_printerr ("lambdaflow-sim: %s: %s\n", o.file, error->message);
      return EXIT_INVALID;
    }
  visual = lf_visual_new_for_sim (sim);
  lf_visual_set_speed (visual, o.playback);
  lf_sim_run_until (sim, o.t, 0);
  lf_visual_sync (visual);
  return write_output (sim, visual, &o);
}
