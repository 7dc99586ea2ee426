/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Export of the view (ui/lf-export.c), issue #5 review: atomic, an existing file keeps its
 * permissions, a new one gets 0666 less the umask, symbolic links are written through to
 * their target (the link stays a link), a loop of links is refused, and no temporary file
 * is left behind. Needs no display. */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lf-export.h"

static const guchar png_magic[] = { 0x89, 'P', 'N', 'G' };

typedef struct {
  char      *dir;
  LfPainter *painter;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_data (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"x\": 0, \"y\": 0}], \"edges\": []}",
    -1, NULL, NULL, &error);

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("lf-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->painter = lf_painter_new ();
  lf_painter_set_scenario (f->painter, scenario);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_object_unref (f->painter);
}

static gboolean
export_to (Fixture *f, const char *name, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return lf_export_view (f->painter, NULL, 64, 48, 1, file, error);
}

static guint
mode_of (Fixture *f, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static gboolean
is_png (Fixture *f, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &contents, &length, NULL) && length > 8 &&
         memcmp (contents, png_magic, sizeof png_magic) == 0;
}

/* Only the names given are in the directory (no temporary file left) */
static void
assert_only (Fixture *f, const char * const *names)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_assert_true (g_strv_contains (names, name));
      n++;
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) names));
}

static void
test_modes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = g_build_filename (f->dir, "kept.png", NULL);
  mode_t old = umask (022);

  /* new files: 0666 less the umask */
  g_assert_true (export_to (f, "new.png", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (f, "new.png"), ==, 0644);
  umask (077);
  g_assert_true (export_to (f, "private.svg", &error));
  g_assert_cmpuint (mode_of (f, "private.svg"), ==, 0600);
  umask (022);

  /* an existing file keeps its mode (it was 0644 whatever it had) */
  g_assert_true (g_file_set_contents (kept, "old", -1, NULL));
  g_assert_cmpint (g_chmod (kept, 0640), ==, 0);
  g_assert_true (export_to (f, "kept.png", &error));
  g_assert_cmpuint (mode_of (f, "kept.png"), ==, 0640);
  g_assert_true (is_png (f, "kept.png"));
  g_assert_cmpint (g_chmod (kept, 0600), ==, 0);
  g_assert_true (export_to (f, "kept.png", &error));
  g_assert_cmpuint (mode_of (f, "kept.png"), ==, 0600);

  /* a refused name leaves everything as it was */
  g_assert_false (export_to (f, "kept.txt", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  {
    const char *names[] = { "new.png", "private.svg", "kept.png", NULL };
    assert_only (f, names);
  }
  umask (old);
}

static void
test_symlinks (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *real = g_build_filename (f->dir, "real.png", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.png", NULL);
  g_autofree char *chain = g_build_filename (f->dir, "chain.png", NULL);
  g_autofree char *dangling = g_build_filename (f->dir, "dangling.pdf", NULL);
  g_autofree char *loop_a = g_build_filename (f->dir, "a.png", NULL);
  g_autofree char *loop_b = g_build_filename (f->dir, "b.png", NULL);
  g_autofree char *read = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (g_chmod (real, 0604), ==, 0);
  g_assert_cmpint (symlink ("real.png", link), ==, 0);        /* relative */
  g_assert_cmpint (symlink (link, chain), ==, 0);             /* absolute, to a link */

  g_assert_true (export_to (f, "link.png", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));                       /* still a link … */
  read = g_file_read_link (link, NULL);
  g_assert_cmpstr (read, ==, "real.png");
  g_assert_true (is_png (f, "real.png"));                     /* … its target written */
  g_assert_cmpuint (mode_of (f, "real.png"), ==, 0604);

  g_assert_cmpint (g_unlink (real), ==, 0);
  g_assert_true (export_to (f, "chain.png", &error));         /* two links deep */
  g_assert_cmpint (g_lstat (chain, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_true (is_png (f, "real.png"));

  g_assert_cmpint (symlink ("target.pdf", dangling), ==, 0);  /* to a file not there yet */
  g_assert_true (export_to (f, "dangling.pdf", &error));
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_true (g_file_test (f->dir, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *target = g_build_filename (f->dir, "target.pdf", NULL);
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
  }

  g_assert_cmpint (symlink ("b.png", loop_a), ==, 0);         /* a loop is refused */
  g_assert_cmpint (symlink ("a.png", loop_b), ==, 0);
  g_assert_false (export_to (f, "a.png", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  {
    const char *names[] = { "real.png", "link.png", "chain.png", "dangling.pdf", "target.pdf",
                            "a.png", "b.png", NULL };
    assert_only (f, names);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/export/modes", Fixture, NULL, fixture_set_up, test_modes, fixture_tear_down);
  g_test_add ("/export/symlinks", Fixture, NULL, fixture_set_up, test_symlinks, fixture_tear_down);
  return g_test_run ();
}
