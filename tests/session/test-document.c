/* LfDocument: dirty state, atomic save, autosave and restore, keeping a session in sync */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "lf-document.h"
#include "lf-error.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", name, NULL);
}

static LfDocument *
load_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (path, NULL, &error);

  g_assert_no_error (error);
  return lf_document_new (scenario, file);
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_empty (void)
{
  g_autoptr(LfDocument) doc = lf_document_new_empty ();
  g_autofree char *title = lf_document_dup_title (doc);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (title, ==, "Untitled Architecture");
  g_assert_null (lf_document_get_file (doc));
  g_assert_false (lf_document_get_dirty (doc));
  g_assert_true (lf_document_needs_save_as (doc));
  g_assert_cmpuint (lf_scenario_get_nodes (lf_document_get_scenario (doc))->len, ==, 0);
  /* Save without a file says so */
  g_assert_false (lf_document_save (doc, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_dirty_and_save (void)
{
  g_autoptr(LfDocument) doc = lf_document_new_empty ();
  g_autofree char *dir = g_dir_make_tmp ("lf-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "design.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) reloaded = NULL;
  g_autofree char *title = NULL;
  LfScenario *scenario = lf_document_get_scenario (doc);
  LfHistory *history = lf_document_get_history (doc);
  guint notified = 0;

  g_signal_connect (doc, "notify::dirty", G_CALLBACK (count_notify), &notified);

  /* One gesture, one step: a bucket, a function and the notification between them */
  g_assert_true (lf_history_begin (history, "Add", NULL));
  lf_scenario_add_node (scenario, "uploads", LF_NODE_S3_BUCKET, 40, 60);
  lf_scenario_add_node (scenario, "thumbnailer", LF_NODE_LAMBDA_FUNCTION, 320, 60);
  lf_scenario_changed (scenario, LF_CHANGE_STRUCTURE);
  g_assert_true (lf_history_commit (history));
  g_assert_true (lf_document_get_dirty (doc));
  g_assert_cmpuint (notified, ==, 1);

  g_assert_nonnull (lf_scenario_connect (scenario, "uploads", "thumbnailer", LF_EDGE_NOTIFICATION, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 2);

  /* Undo all: clean again; redo: dirty */
  g_assert_true (lf_document_undo (doc));
  g_assert_true (lf_document_undo (doc));
  g_assert_false (lf_document_get_dirty (doc));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (lf_document_redo (doc));
  g_assert_true (lf_document_redo (doc));
  g_assert_true (lf_document_get_dirty (doc));

  /* Save As: written, clean, the file is the document's, and it loads back equal */
  g_assert_true (lf_document_save_as (doc, file, &error));
  g_assert_no_error (error);
  g_assert_false (lf_document_get_dirty (doc));
  g_assert_true (g_file_equal (lf_document_get_file (doc), file));
  g_assert_false (lf_document_needs_save_as (doc));
  title = lf_document_dup_title (doc);
  g_assert_cmpstr (title, ==, "design");
  reloaded = lf_scenario_load_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lf_scenario_equal (reloaded, scenario));
  g_assert_cmpuint (lf_scenario_get_edges (reloaded)->len, ==, 1);

  /* Written by someone else since: noticed; saving again takes the file as it is now */
  g_assert_false (lf_document_file_changed_on_disk (doc));
  {
    g_autofree char *other = NULL;
    gsize len;
    g_autoptr(GFileInfo) info = NULL;

    g_assert_true (g_file_get_contents (path, &other, &len, NULL));
    g_assert_true (g_file_set_contents (path, other, (gssize) len, NULL));
    /* the etag is the modification time: make sure it moves */
    info = g_file_info_new ();
    g_file_info_set_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED, (guint64) g_get_real_time () / G_USEC_PER_SEC + 100);
    g_assert_true (g_file_set_attributes_from_info (file, info, G_FILE_QUERY_INFO_NONE, NULL, NULL));
  }
  g_assert_true (lf_document_file_changed_on_disk (doc));
  g_assert_true (lf_document_save (doc, &error));
  g_assert_false (lf_document_file_changed_on_disk (doc));

  /* Undo after saving is dirty (the file has the edge), redo is clean */
  g_assert_true (lf_document_undo (doc));
  g_assert_true (lf_document_get_dirty (doc));
  g_assert_true (lf_document_redo (doc));
  g_assert_false (lf_document_get_dirty (doc));

  /* A save into a folder that does not exist fails and keeps the document as it was */
  {
    g_autofree char *bad = g_build_filename (dir, "missing", "x.lflow.json", NULL);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad);

    lf_scenario_move_node (scenario, "uploads", 80, 60);
    g_assert_false (lf_document_save_as (doc, bad_file, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_true (lf_document_get_dirty (doc));
    g_assert_true (g_file_equal (lf_document_get_file (doc), file));
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
wait_for_autosave (LfDocument *doc)
{
  for (guint i = 0; i < 1000 && lf_document_get_autosave_path (doc) == NULL; i++)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_autosave_and_restore (void)
{
  g_autoptr(LfDocument) doc = load_fixture ("async-fails.lflow.json");
  g_autofree char *dir = g_dir_make_tmp ("lf-autosave-XXXXXX", NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(LfDocument) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *autosave = NULL;
  LfScenario *scenario = lf_document_get_scenario (doc);

  lf_document_set_autosave_delay (doc, 0);
  lf_document_set_autosave_dir (doc, dir);
  /* Clean: nothing written */
  g_assert_true (lf_document_autosave_now (doc, &error));
  g_assert_null (lf_document_get_autosave_path (doc));

  /* A change schedules the autosave; the main loop writes it */
  g_assert_true (lf_scenario_remove_node (scenario, "dlq"));
  wait_for_autosave (doc);
  g_assert_nonnull (lf_document_get_autosave_path (doc));
  autosave = g_strdup (lf_document_get_autosave_path (doc));
  {
    g_autoptr(LfScenario) saved = lf_scenario_load_from_file (autosave, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (lf_scenario_equal (saved, scenario));
    g_assert_null (lf_scenario_find_node (saved, "dlq"));
  }

  /* What a crash leaves: found, with the document's own file */
  found = lf_document_find_autosaves (dir);
  g_assert_cmpuint (found->len, ==, 1);
  uri = g_file_get_uri (lf_document_get_file (doc));
  g_assert_cmpstr (((LfAutosave *) found->pdata[0])->path, ==, autosave);
  g_assert_cmpstr (((LfAutosave *) found->pdata[0])->uri, ==, uri);
  g_assert_cmpstr (((LfAutosave *) found->pdata[0])->title, ==, lf_scenario_get_title (scenario));

  /* Restored: dirty, the original file, the edited content */
  restored = lf_document_new_from_autosave (found->pdata[0], &error);
  g_assert_no_error (error);
  g_assert_true (lf_document_get_dirty (restored));
  g_assert_true (g_file_equal (lf_document_get_file (restored), lf_document_get_file (doc)));
  g_assert_true (lf_scenario_equal (lf_document_get_scenario (restored), scenario));
  g_assert_true (lf_document_needs_save_as (restored) == lf_document_needs_save_as (doc));

  /* The first document closes cleanly elsewhere... its files stay until the restored
   * one writes its own autosave, which replaces them. */
  lf_document_set_autosave_delay (restored, 0);
  lf_document_set_autosave_dir (restored, dir);
  wait_for_autosave (restored);
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  after = lf_document_find_autosaves (dir);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((LfAutosave *) after->pdata[0])->path, ==, lf_document_get_autosave_path (restored));

  /* Undo back to the saved state on the first: nothing to recover from it */
  lf_document_discard_autosave (restored);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = lf_document_find_autosaves (dir);
  g_assert_cmpuint (after->len, ==, 0);

  g_rmdir (dir);
}

static void
test_autosave_removed_when_clean (void)
{
  g_autoptr(LfDocument) doc = load_fixture ("async-fails.lflow.json");
  g_autofree char *dir = g_dir_make_tmp ("lf-autosave-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.lflow.json", NULL);
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy);
  g_autoptr(GError) error = NULL;
  g_autofree char *autosave = NULL;
  LfScenario *scenario = lf_document_get_scenario (doc);

  lf_document_set_autosave_dir (doc, dir);
  g_assert_true (lf_scenario_move_node (scenario, "worker", 500, 300));
  g_assert_true (lf_document_autosave_now (doc, &error));
  g_assert_no_error (error);
  autosave = g_strdup (lf_document_get_autosave_path (doc));
  g_assert_true (g_file_test (autosave, G_FILE_TEST_EXISTS));

  /* Undo to the saved state removes it */
  g_assert_true (lf_document_undo (doc));
  g_assert_false (lf_document_get_dirty (doc));
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  g_assert_null (lf_document_get_autosave_path (doc));

  /* So does saving */
  g_assert_true (lf_document_redo (doc));
  g_assert_true (lf_document_autosave_now (doc, &error));
  g_clear_pointer (&autosave, g_free);
  autosave = g_strdup (lf_document_get_autosave_path (doc));
  g_assert_true (g_file_test (autosave, G_FILE_TEST_EXISTS));
  g_assert_true (lf_document_save_as (doc, copy_file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));

  g_unlink (copy);
  g_rmdir (dir);
}

static void
test_value_series (void)
{
  g_autoptr(LfDocument) doc = load_fixture ("async-fails.lflow.json");
  LfScenario *scenario = lf_document_get_scenario (doc);
  LfHistory *history = lf_document_get_history (doc);
  g_autoptr(GError) error = NULL;

  /* A spin button's clicks on one value: one step, undone to where the series began */
  g_assert_true (lf_document_set_value (doc, "worker.memory_mb", "256", &error));
  g_assert_true (lf_document_set_value (doc, "worker.memory_mb", "384", &error));
  g_assert_true (lf_document_set_value (doc, "worker.memory_mb", "512", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 1);
  g_assert_cmpint (lf_props_get_int (lf_scenario_find_node (scenario, "worker")->props, "memory_mb", 0), ==, 512);
  /* another value is a step of its own */
  g_assert_true (lf_document_set_value (doc, "worker.timeout", "\"5s\"", &error));
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 2);
  g_assert_true (lf_document_undo (doc));
  g_assert_true (lf_document_undo (doc));
  g_assert_false (lf_props_has (lf_scenario_find_node (scenario, "worker")->props, "memory_mb"));
  g_assert_false (lf_document_get_dirty (doc));
  /* refused (LIM-4: 128–10,240 MB): nothing changes, no step */
  g_assert_false (lf_document_set_value (doc, "worker.memory_mb", "64", &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 0);
}

static void
test_sync_session (void)
{
  g_autoptr(LfDocument) doc = load_fixture ("async-fails.lflow.json");
  g_autoptr(LfSession) session = lf_session_new ();
  g_autoptr(GError) error = NULL;
  LfScenario *scenario = lf_document_get_scenario (doc);
  LfScenario *running;
  LfTime t30 = 30 * G_USEC_PER_SEC;

  g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_ALL, &error));
  g_assert_no_error (error);
  running = lf_session_get_scenario (session);
  g_assert_true (running != scenario);   /* the simulation's own copy */
  lf_session_seek (session, t30);
  g_assert_cmpint (lf_session_get_now (session), ==, t30);

  /* LAYOUT: the picture moves, the run goes on */
  lf_scenario_move_node (scenario, "worker", 777, 333);
  g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_LAYOUT, NULL));
  g_assert_cmpint (lf_session_get_now (session), ==, t30);
  g_assert_cmpfloat (lf_scenario_find_node (lf_session_get_scenario (session), "worker")->x, ==, 777);

  /* PROPS: applied live at t = 30 s */
  g_assert_true (lf_scenario_set (scenario, "worker.timeout", "\"7s\"", &error));
  g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_PROPS, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lf_session_get_now (session), ==, t30);
  g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (lf_session_get_scenario (session), "worker")->props,
                                        "timeout", NULL), ==, "7s");

  /* Undoing it (the key goes away again) is live too: the default is back at t = 30 s */
  {
    LfHistory *history = lf_document_get_history (doc);

    g_assert_true (lf_scenario_set (scenario, "worker.reserved_concurrency", "5", &error));
    g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_PROPS, &error));
    g_assert_true (lf_props_has (lf_scenario_find_node (lf_session_get_scenario (session), "worker")->props,
                                 "reserved_concurrency"));
    g_assert_true (lf_history_undo (history));
    g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_PROPS, &error));
    g_assert_no_error (error);
    g_assert_cmpint (lf_session_get_now (session), ==, t30);
    g_assert_false (lf_props_has (lf_scenario_find_node (lf_session_get_scenario (session), "worker")->props,
                                  "reserved_concurrency"));
  }

  /* A fault changed in the session is the session's: a props edit keeps it */
  {
    JsonArray *faults = lf_scenario_get_faults (lf_session_get_scenario (session));

    if (json_array_get_length (faults) > 0)
      {
        JsonObject *fault = json_array_get_object_element (faults, 0);
        g_autofree char *path = g_strdup_printf ("%s.probability", json_object_get_string_member (fault, "id"));

        g_assert_true (lf_session_set_value (session, path, "0.25", &error));
        g_assert_true (lf_scenario_set (scenario, "worker.memory_mb", "512", &error));
        g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_PROPS, &error));
        g_assert_cmpint (lf_session_get_now (session), ==, t30);
        fault = json_array_get_object_element (lf_scenario_get_faults (lf_session_get_scenario (session)), 0);
        g_assert_cmpfloat (json_object_get_double_member (fault, "probability"), ==, 0.25);
      }
  }

  /* An undo restores the whole scenario ("changed" with every flag): a move undone is
   * still only a move, the run goes on */
  lf_scenario_move_node (scenario, "worker", 100, 100);
  g_assert_true (lf_document_undo (doc));
  g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_ALL, &error));
  g_assert_cmpint (lf_session_get_now (session), ==, t30);
  g_assert_cmpfloat (lf_scenario_find_node (lf_session_get_scenario (session), "worker")->x, ==,
                     lf_scenario_find_node (scenario, "worker")->x);

  /* The seed is not live: the run starts over */
  lf_scenario_set_seed (scenario, 99);
  lf_scenario_changed (scenario, LF_CHANGE_PROPS);
  g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_PROPS, &error));
  g_assert_cmpint (lf_session_get_now (session), ==, 0);
  g_assert_cmpuint (lf_scenario_get_seed (lf_session_get_scenario (session)), ==, 99);

  /* STRUCTURE: restarts, keeps playing and the selection when it still exists */
  lf_session_seek (session, t30);
  lf_session_set_selected (session, "worker");
  lf_session_set_playing (session, TRUE);
  lf_scenario_add_node (scenario, "audit", LF_NODE_SQS_QUEUE, 600, 400);
  lf_scenario_changed (scenario, LF_CHANGE_STRUCTURE);
  g_assert_true (lf_document_sync_session (doc, session, LF_CHANGE_STRUCTURE, &error));
  g_assert_cmpint (lf_session_get_now (session), ==, 0);
  g_assert_true (lf_session_get_playing (session));
  g_assert_cmpstr (lf_session_get_selected (session), ==, "worker");
  g_assert_nonnull (lf_scenario_find_node (lf_session_get_scenario (session), "audit"));

  /* A design that cannot run says why and leaves the last run */
  g_assert_true (lf_scenario_set (scenario, "worker.timeout", "\"2000s\"", NULL) ||
                 TRUE);
  lf_scenario_changed (scenario, LF_CHANGE_STRUCTURE);
  g_assert_false (lf_document_sync_session (doc, session, LF_CHANGE_STRUCTURE, &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_SCENARIO);
  g_assert_nonnull (strstr (error->message, "timeout"));
  g_assert_nonnull (lf_scenario_find_node (lf_session_get_scenario (session), "audit"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C", TRUE);

  g_test_add_func ("/document/empty", test_empty);
  g_test_add_func ("/document/dirty-and-save", test_dirty_and_save);
  g_test_add_func ("/document/autosave-and-restore", test_autosave_and_restore);
  g_test_add_func ("/document/autosave-removed-when-clean", test_autosave_removed_when_clean);
  g_test_add_func ("/document/sync-session", test_sync_session);
  g_test_add_func ("/document/value-series", test_value_series);

  return g_test_run ();
}
