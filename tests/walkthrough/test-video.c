/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `lambdaflow-sim video` (lf_video_main): a short walkthrough exported as WebM is valid
 * VP8 in WebM of the asked size and of the length the step rules give (checked with
 * gst-discoverer-1.0), and its decoded frames match our own renders of the same moments
 * (PNG frames) within a tolerance. Exit statuses as the CLI's. */
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <gio/gio.h>

#include "lf-video.h"

#define WIDTH  320
#define HEIGHT 180
#define FPS    5
/* step 0: holds 1 s (paused), plays 10 s of sim at 5× = 2 s
 * step 1: waits for the user: holds 2 s, then up to the 3 s every step lasts at least
 * step 2: the last: its opening frame (0.2 s), then 30 s of sim to the end of the run
 *         at 10× = 3 s */
#define EXPECTED_SECONDS 9.2

static const char walkthrough_json[] =
  "{\"steps\": ["
  " {\"title\": \"Uploads arrive\", \"text\": \"Photos land in the <b>bucket</b>.\", \"at\": \"0s\","
  "  \"pause\": true, \"dwell\": \"1s\", \"speed\": 5, \"highlight\": [\"photos\", \"thumbnailer\"]},"
  " {\"title\": \"Look at the function\", \"text\": \"It fails a third of the time.\", \"at\": \"10s\","
  "  \"until\": \"user\", \"dwell\": \"2s\", \"focus\": \"thumbnailer\"},"
  " {\"title\": \"Half a minute later\", \"text\": \"Retries are under way.\", \"at\": \"30s\","
  "  \"speed\": 10, \"highlight\": [\"failed-thumbnails\"]}"
  "]}";

static char *
find_tool (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_printerr ("%s is not installed: install gstreamer1.0-plugins-base-apps and "
                  "gstreamer1.0-tools (./quickstart installs them)\n", name);
      g_test_fail ();
    }
  return path;
}

static char *
write_scenario (const char *dir)
{
  g_autofree char *source = g_build_filename (LF_SOURCE_DIR, "data", "scenarios", "async-retries.lflow.json", NULL);
  g_autofree char *path = g_build_filename (dir, "short.lflow.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) steps = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;

  g_assert_true (json_parser_load_from_file (parser, source, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (steps, walkthrough_json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "duration", "60s");
  json_object_set_member (root, "walkthrough", json_node_copy (json_parser_get_root (steps)));
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static int
video (const char *first, ...) G_GNUC_NULL_TERMINATED;

static int
video (const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return lf_video_main ((int) args->len - 1, (char **) args->pdata);
}

/* Share of the pixels (0–1) whose luma differs by more than 40 of 255: VP8's colour
 * conversion shifts flat areas by a few levels and blurs edges a little, while a
 * different moment changes text, tokens and badges. */
static double
image_difference (const char *a_path, const char *b_path)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (a_path);
  cairo_surface_t *b = cairo_image_surface_create_from_png (b_path);
  double sum = 0;
  int w, h;

  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (a);
  h = cairo_image_surface_get_height (a);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    {
      const guint32 *pa = (const guint32 *) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a));
      const guint32 *pb = (const guint32 *) (cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b));
      for (int x = 0; x < w; x++)
        {
          /* luma: 4:2:0 halves the colour resolution, edges of coloured lines bleed */
          double ya = 0.299 * ((pa[x] >> 16) & 0xff) + 0.587 * ((pa[x] >> 8) & 0xff) + 0.114 * (pa[x] & 0xff);
          double yb = 0.299 * ((pb[x] >> 16) & 0xff) + 0.587 * ((pb[x] >> 8) & 0xff) + 0.114 * (pb[x] & 0xff);
          sum += fabs (ya - yb) > 40;
        }
    }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return sum / ((double) w * h);
}

static guint
count_files (const char *dir, const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

static void
test_export (void)
{
  g_autofree char *discoverer = find_tool ("gst-discoverer-1.0");
  g_autofree char *launch = find_tool ("gst-launch-1.0");
  g_autofree char *dir = g_dir_make_tmp ("lf-video-XXXXXX", NULL);
  g_autofree char *scenario = NULL, *output = NULL, *frames = NULL, *decoded = NULL;
  g_autofree char *out = NULL, *err = NULL, *location = NULL, *pattern = NULL, *size = NULL;
  g_autofree char *fps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) duration_re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  double seconds;
  guint n_frames, n_decoded;
  int wait_status = 0;
  const guint probes[] = { 0, 7, 14, 22, 38, 44 };

  if (discoverer == NULL || launch == NULL)
    return;
  g_assert_nonnull (dir);
  scenario = write_scenario (dir);
  output = g_build_filename (dir, "tour.webm", NULL);
  frames = g_build_filename (dir, "frames", NULL);
  decoded = g_build_filename (dir, "decoded", NULL);
  size = g_strdup_printf ("%dx%d", WIDTH, HEIGHT);
  fps = g_strdup_printf ("%d", FPS);
  g_assert_cmpint (video (scenario, "--output", output, "--size", size, "--fps", fps,
                          "--frames", frames, NULL), ==, 0);
  n_frames = count_files (frames, "frame-");
  g_assert_cmpuint (n_frames, ==, (guint) lround (EXPECTED_SECONDS * FPS));

  /* valid WebM with VP8 of the asked size and length */
  {
    const char *argv[] = { discoverer, output, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "container #0: WebM"));
  g_assert_nonnull (strstr (out, "VP8"));
  g_assert_nonnull (strstr (out, "Width: 320"));
  g_assert_nonnull (strstr (out, "Height: 180"));
  duration_re = g_regex_new ("Duration: (\\d+):(\\d+):(\\d+\\.\\d+)", 0, 0, NULL);
  g_assert_true (g_regex_match (duration_re, out, 0, &match));
  {
    g_autofree char *h = g_match_info_fetch (match, 1), *m = g_match_info_fetch (match, 2);
    g_autofree char *s = g_match_info_fetch (match, 3);
    seconds = g_ascii_strtod (h, NULL) * 3600 + g_ascii_strtod (m, NULL) * 60 + g_ascii_strtod (s, NULL);
  }
  g_assert_cmpfloat (fabs (seconds - EXPECTED_SECONDS), <, 1.5 / FPS);

  /* decoded frames match our renders of the same moments */
  g_assert_cmpint (g_mkdir (decoded, 0755), ==, 0);
  location = g_strdup_printf ("location=%s", output);
  pattern = g_strdup_printf ("location=%s/decoded-%%06d.png", decoded);
  {
    const char *argv[] = { launch, "-q", "filesrc", location, "!", "matroskademux", "!", "vp8dec", "!",
                           "videoconvert", "!", "pngenc", "!", "multifilesink", pattern, NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &wait_status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (wait_status, NULL))
      g_error ("gst-launch-1.0 could not decode %s: %s", output, err);
  }
  n_decoded = count_files (decoded, "decoded-");
  g_assert_cmpuint (n_decoded, ==, n_frames);
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autofree char *mine_name = g_strdup_printf ("frame-%06u.png", probes[i]);
      g_autofree char *theirs_name = g_strdup_printf ("decoded-%06u.png", probes[i]);
      g_autofree char *mine = g_build_filename (frames, mine_name, NULL);
      g_autofree char *theirs = g_build_filename (decoded, theirs_name, NULL);
      g_autofree char *other_name = g_strdup_printf ("frame-%06u.png", probes[(i + 3) % G_N_ELEMENTS (probes)]);
      g_autofree char *other = g_build_filename (frames, other_name, NULL);
      double same = image_difference (mine, theirs), different = image_difference (other, theirs);

      g_test_message ("frame %u: pixels off, decoded vs ours %.2f%%, vs another moment %.2f%%",
                      probes[i], 100 * same, 100 * different);
      g_assert_cmpfloat (same, <, 0.01);
      g_assert_cmpfloat (different, >, 2 * same + 0.005);
    }
  /* the same export twice gives the same frames (simulated time, not wall time) */
  {
    g_autofree char *again = g_build_filename (dir, "again", NULL);
    g_autofree char *a = NULL, *b = NULL;
    gsize la, lb;
    g_autofree char *pa = g_build_filename (frames, "frame-000022.png", NULL);
    g_autofree char *pb = g_build_filename (again, "frame-000022.png", NULL);

    g_assert_cmpint (video (scenario, "--size", size, "--fps", fps, "--frames", again, NULL), ==, 0);
    g_assert_true (g_file_get_contents (pa, &a, &la, NULL));
    g_assert_true (g_file_get_contents (pb, &b, &lb, NULL));
    g_assert_true (la == lb && memcmp (a, b, la) == 0);
  }
  if (g_getenv ("LF_KEEP_VIDEO") == NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
      g_assert_cmpint (system (cmd), ==, 0);
    }
  else
    g_printerr ("kept %s\n", dir);
}

typedef struct {
  double   last;
  guint    calls;
  guint    cancel_after;
  GCancellable *cancellable;
} Progress;

static void
on_progress (double fraction, gpointer data)
{
  Progress *p = data;

  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  if (++p->calls == p->cancel_after)
    g_cancellable_cancel (p->cancellable);
}

/* The app's Export: progress from 0 to 1, and Cancel leaves no file behind. */
static void
test_progress_and_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lf-video-XXXXXX", NULL);
  g_autofree char *path = write_scenario (dir);
  g_autofree char *output = g_build_filename (dir, "tour.webm", NULL);
  g_autofree char *tmp = g_strconcat (output, ".tmp", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (path, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  LfVideoSettings settings = { WIDTH, HEIGHT, FPS, LF_PAINTER_STYLE_DARK, output, NULL };
  Progress p = { 0, 0, 0, cancellable };

  g_assert_nonnull (scenario);
  g_assert_true (lf_video_export (scenario, &settings, on_progress, &p, cancellable, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (p.last, ==, 1.0);
  g_assert_cmpuint (p.calls, >, (guint) (EXPECTED_SECONDS * FPS) - 1);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (output), ==, 0);

  p = (Progress) { 0, 0, 10, cancellable };
  g_assert_false (lf_video_export (scenario, &settings, on_progress, &p, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.calls, ==, 10);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_exit_status (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lf-video-XXXXXX", NULL);
  g_autofree char *scenario = write_scenario (dir);
  g_autofree char *bad = g_build_filename (dir, "bad.lflow.json", NULL);
  g_autofree char *plain = g_build_filename (LF_SOURCE_DIR, "tests", "scenarios", "run", "async-fails.lflow.json", NULL);
  g_autofree char *out = g_build_filename (dir, "x.webm", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "no", "such", "dir", "x.webm", NULL);
  g_autofree char *cmd = NULL;

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"lambdaflow/1\", \"nodes\": [{]}", -1, NULL));
  g_assert_cmpint (video (scenario, NULL), ==, 2);                                  /* no output */
  g_assert_cmpint (video (scenario, "--output", "x.mp4", NULL), ==, 2);
  g_assert_cmpint (video (scenario, "--output", out, "--fps", "0", NULL), ==, 2);
  g_assert_cmpint (video (scenario, "--output", out, "--size", "321x180", NULL), ==, 2);
  g_assert_cmpint (video (scenario, "--output", out, "--bogus", NULL), ==, 2);
  g_assert_cmpint (video (bad, "--output", out, NULL), ==, 1);
  g_assert_cmpint (video (plain, "--output", out, NULL), ==, 1);                    /* no walkthrough */
  g_assert_cmpint (video (missing_dir, "--output", out, NULL), ==, 3);              /* no such file */
  g_assert_cmpint (video (scenario, "--output", missing_dir, "--size", "64x36", "--fps", "1", NULL), ==, 3);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/video/export", test_export);
  g_test_add_func ("/video/exit-status", test_exit_status);
  g_test_add_func ("/video/progress-and-cancel", test_progress_and_cancel);
  return g_test_run ();
}
