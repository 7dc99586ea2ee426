/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The designer in the window (issue #6): build S3 → function → DLQ from an empty canvas,
 * through the API and then with real input (xdotool: a drag from the palette's GtkDragSource
 * onto the canvas's GtkDropTarget, port-to-node connections, the edge-type popover, Ctrl+Z
 * and Shift+Ctrl+Z), save, reopen, undo every step. */

#include <math.h>
#include <glib/gstdio.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-inspector.h"
#include "lf-window.h"
#include "lf-app-test-util.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static LfWindow *
new_design_window (LfApplication *app)
{
  LfWindow *window = LF_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  if (window == NULL)
    window = lf_window_new (app);
  /* Small enough for xvfb-run's default 640×480 screen: the pointer must reach it */
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 470);
  lf_window_new_document (window);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_for (lf_test_widget_is_mapped, lf_window_get_canvas (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panel", NULL);   /* room */
  lf_test_wait_for_paint (GTK_WIDGET (lf_window_get_canvas (window)));
  return window;
}

static guint
n_nodes (LfWindow *window)
{
  return lf_scenario_get_nodes (lf_document_get_scenario (lf_window_get_document (window)))->len;
}

static guint
n_edges (LfWindow *window)
{
  return lf_scenario_get_edges (lf_document_get_scenario (lf_window_get_document (window)))->len;
}

static LfNode *
node_of_type (LfWindow *window, LfNodeType type, gboolean fifo)
{
  GPtrArray *nodes = lf_scenario_get_nodes (lf_document_get_scenario (lf_window_get_document (window)));

  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (nodes, i);

      if (node->type == type && lf_props_get_bool (node->props, "fifo", FALSE) == fifo)
        return node;
    }
  return NULL;
}

static LfEdge *
edge_of_type (LfWindow *window, LfEdgeType type)
{
  GPtrArray *edges = lf_scenario_get_edges (lf_document_get_scenario (lf_window_get_document (window)));

  for (guint i = 0; i < edges->len; i++)
    if (((LfEdge *) g_ptr_array_index (edges, i))->type == type)
      return g_ptr_array_index (edges, i);
  return NULL;
}

static GtkWidget *
find_type_button (GtkWidget *widget, const char *edge_type)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "lf-edge-name"), edge_type) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type_button (child, edge_type);

      if (found)
        return found;
    }
  return NULL;
}

static void
on_refused (LfCanvas *canvas, const char *message, char **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static gboolean
popover_is_shown (gpointer data)
{
  GtkWidget *popover = lf_canvas_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (popover);
}

/* ---- through the API --------------------------------------------------------------- */

static void
api_body (LfApplication *app, gpointer data)
{
  LfWindow *window = new_design_window (app);
  LfCanvas *canvas = lf_window_get_canvas (window);
  LfDocument *document = lf_window_get_document (window);
  LfScenario *scenario = lf_document_get_scenario (document);
  g_autofree char *dir = g_dir_make_tmp ("lf-designer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "thumbnails.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *bucket = NULL, *function = NULL, *queue = NULL, *fifo = NULL;
  g_autofree char *refused = NULL;
  double scale, mx = 300, my = 200;
  GtkWidget *button;
  LfNode *node;
  guint steps;

  g_assert_nonnull (document);
  g_assert_cmpuint (n_nodes (window), ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (lf_window_get_palette (window)), GTK_TYPE_REVEALER))));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Untitled Architecture — Lambda Flow");
  g_signal_connect (canvas, "edit-refused", G_CALLBACK (on_refused), &refused);

  /* A node lands centred where it is dropped, on the 16-unit grid */
  bucket = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_S3_BUCKET, FALSE }, 300, 200);
  function = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_LAMBDA_FUNCTION, FALSE }, 650, 200);
  queue = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_SQS_QUEUE, FALSE }, 650, 450);
  g_assert_cmpstr (bucket, ==, "bucket");
  g_assert_cmpstr (function, ==, "function");
  g_assert_cmpstr (queue, ==, "queue");
  node = lf_scenario_find_node (scenario, bucket);
  lf_painter_get_view (lf_canvas_get_painter (canvas), &scale, NULL, NULL);
  lf_painter_view_to_model (lf_canvas_get_painter (canvas), &mx, &my);
  g_assert_cmpfloat (fmod (node->x, LF_CANVAS_GRID), ==, 0);
  g_assert_cmpfloat (fmod (node->y, LF_CANVAS_GRID), ==, 0);
  g_assert_cmpfloat (fabs (node->x + LF_PAINTER_NODE_WIDTH / 2 - mx), <=, LF_CANVAS_GRID / 2);
  g_assert_cmpfloat (fabs (node->y + LF_PAINTER_NODE_HEIGHT / 2 - my), <=, LF_CANVAS_GRID / 2);
  /* The last added is selected, the title has the unsaved dot */
  g_assert_cmpstr (lf_session_get_selected (lf_window_get_session (window)), ==, "queue");
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• Untitled Architecture"));

  /* S3 → function: one legal type, made at once; the run restarts with it */
  g_assert_true (lf_canvas_connect (canvas, bucket, function));
  g_assert_nonnull (edge_of_type (window, LF_EDGE_NOTIFICATION));
  g_assert_null (lf_canvas_get_popover (canvas));
  g_assert_cmpuint (lf_scenario_get_edges (lf_session_get_scenario (lf_window_get_session (window)))->len, ==, 1);

  /* function → queue: DLQ, destinations, sends are all legal: a popover asks */
  g_assert_true (lf_canvas_connect (canvas, function, queue));
  lf_test_wait_for (popover_is_shown, canvas);
  button = find_type_button (lf_canvas_get_popover (canvas), "dlq");
  g_assert_nonnull (button);
  g_assert_nonnull (find_type_button (lf_canvas_get_popover (canvas), "on_failure"));
  g_assert_nonnull (find_type_button (lf_canvas_get_popover (canvas), "sends"));
  g_signal_emit_by_name (button, "clicked");
  g_assert_nonnull (edge_of_type (window, LF_EDGE_DLQ));
  g_assert_cmpuint (n_edges (window), ==, 2);

  /* A FIFO queue cannot receive S3 notifications: refused with the rule */
  fifo = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_SQS_QUEUE, TRUE }, 300, 450);
  g_assert_true (lf_props_get_bool (lf_scenario_find_node (scenario, fifo)->props, "fifo", FALSE));
  g_assert_false (lf_canvas_connect (canvas, bucket, fifo));
  g_assert_nonnull (refused);
  g_assert_nonnull (strstr (refused, "FIFO"));
  g_assert_cmpuint (n_edges (window), ==, 2);

  /* Delete it (one step), rename the function in place (id and references) */
  {
    const char *ids[] = { fifo, NULL };

    lf_canvas_set_selection (canvas, ids);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL);
    g_assert_null (lf_scenario_find_node (scenario, fifo));
  }
  g_assert_true (lf_canvas_rename_node (canvas, function, "thumbnailer", NULL));
  g_assert_nonnull (lf_scenario_find_node (scenario, "thumbnailer"));
  g_assert_cmpstr (edge_of_type (window, LF_EDGE_DLQ)->from, ==, "thumbnailer");
  g_assert_true (lf_canvas_rename_node (canvas, "thumbnailer", "Makes thumbnails", NULL));
  g_assert_cmpstr (lf_scenario_find_node (scenario, "thumbnailer")->label, ==, "Makes thumbnails");

  /* The inspector edits the design: one undo step, applied to the run live */
  {
    const char *ids[] = { "thumbnailer", NULL };
    GtkWidget *inspector = lf_test_find_descendant (GTK_WIDGET (window), LF_TYPE_INSPECTOR, NULL);
    GtkWidget *row, *spin;
    guint before = lf_history_get_n_undo (lf_document_get_history (document));
    LfScenario *running;

    lf_canvas_set_selection (canvas, ids);
    row = lf_test_find_named (inspector, "timeout");
    g_assert_nonnull (row);
    spin = lf_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON, NULL);
    g_assert_nonnull (spin);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 9);
    g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (scenario, "thumbnailer")->props, "timeout", NULL), ==, "9s");
    running = lf_session_get_scenario (lf_window_get_session (window));
    g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (running, "thumbnailer")->props, "timeout", NULL), ==, "9s");
    g_assert_cmpuint (lf_history_get_n_undo (lf_document_get_history (document)), ==, before + 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
    g_assert_false (lf_props_has (lf_scenario_find_node (scenario, "thumbnailer")->props, "timeout"));
    running = lf_session_get_scenario (lf_window_get_session (window));
    g_assert_false (lf_props_has (lf_scenario_find_node (running, "thumbnailer")->props, "timeout"));
    /* A value out of AWS's range is refused and changes nothing (LIM-1: ≤ 900 s) */
    g_assert_false (lf_document_set_value (document, "thumbnailer.timeout", "\"901s\"", NULL));
    g_assert_cmpuint (lf_history_get_n_undo (lf_document_get_history (document)), ==, before);
  }

  /* Save, reopen in a new window: the same architecture */
  g_assert_true (lf_window_save_to_file (window, file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "thumbnails — Lambda Flow");
  {
    g_autoptr(LfScenario) saved = lf_scenario_load_from_file (path, NULL, NULL);
    LfWindow *other = lf_window_new (app);

    g_assert_nonnull (saved);
    g_assert_true (lf_scenario_equal (saved, scenario));
    g_assert_true (lf_window_open_file (other, file));
    g_assert_true (lf_scenario_equal (lf_document_get_scenario (lf_window_get_document (other)), scenario));
    g_assert_false (lf_document_get_dirty (lf_window_get_document (other)));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* Run it. A new bucket sends 1 upload a second, a new function has its own role and
   * faults at 0 %: at 60 s it has run about 60 times without an error */
  {
    LfSession *session = lf_window_get_session (window);
    LfNodeStats stats;
    LfMessageCounts counts;

    g_assert_nonnull (lf_scenario_find_role (scenario, "function-role"));
    g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (scenario, "thumbnailer")->props, "role", NULL), ==,
                     "function-role");
    /* the DLQ connection wrote the send permission into it (ASYNC-13) */
    g_assert_cmpuint (lf_scenario_find_role (scenario, "function-role")->allow->len, ==, 1);
    lf_session_seek (session, 60 * G_USEC_PER_SEC);
    g_assert_true (lf_sim_get_node_stats (lf_session_get_sim (session), "thumbnailer", &stats));
    g_assert_cmpint (stats.invocations, >=, 55);
    g_assert_cmpint (stats.invocations, <=, 61);
    g_assert_cmpint (stats.errors, ==, 0);

    /* Break it with the fault slider's path (100 % errors from now): every event is tried
     * 3 times (0, +1 min, +2 min) and lands in the DLQ [ASYNC-1, ASYNC-13] */
    g_assert_true (lf_session_set_value (session, "function-errors.probability", "1.0", NULL));
    lf_session_seek (session, 400 * G_USEC_PER_SEC);
    lf_sim_count_messages (lf_session_get_sim (session), &counts);
    g_assert_cmpuint (counts.dlq, >, 0);
    g_assert_true (lf_sim_get_node_stats (lf_session_get_sim (session), "queue", &stats));
    g_assert_cmpint (stats.visible, >, 0);
    g_assert_cmpuint (counts.lost, ==, 0);
    /* the slider is the run's, not the design's */
    g_assert_false (lf_document_get_dirty (document));
    lf_session_reset (session);
  }

  /* Undo every step: an empty canvas; redo them all: the saved architecture */
  steps = lf_history_get_n_undo (lf_document_get_history (document));
  g_assert_cmpuint (steps, ==, 9);   /* 4 adds, 2 connects (not the refused one), a delete, 2 renames */
  for (guint i = 0; i < steps; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (n_nodes (window), ==, 0);
  g_assert_cmpuint (n_edges (window), ==, 0);
  g_assert_cmpuint (lf_scenario_get_nodes (lf_session_get_scenario (lf_window_get_session (window)))->len, ==, 0);
  for (guint i = 0; i < steps; i++)
    lf_document_redo (document);
  g_assert_false (lf_document_get_dirty (document));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_designer_api (void)
{
  lf_test_run_app (NULL, api_body, NULL);
}

/* ---- between windows, streams, closing ----------------------------------------------- */

static gboolean
has_three_nodes (gpointer data)
{
  return n_nodes (data) == 3;
}

static GtkWidget *
find_button_from (GtkWidget *widget, const char *from)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "lf-from"), from) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_from (child, from);

      if (found)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return (AdwMessageDialog *) lf_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
dialog_is_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

/* What a click on a response button does: the response, then the dialog closes */
static void
respond (const char *response)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
dialog_is_gone (gpointer data)
{
  return find_message_dialog () == NULL;
}

static gboolean
window_is_gone (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) == NULL ||
         !gtk_widget_get_visible (GTK_WIDGET (gtk_application_get_windows (GTK_APPLICATION (data))->data));
}

static void
more_body (LfApplication *app, gpointer data)
{
  LfWindow *window = new_design_window (app);
  LfCanvas *canvas = lf_window_get_canvas (window);
  g_autofree char *stream = NULL, *function = NULL, *queue = NULL, *esm_id = NULL;
  LfWindow *other;
  LfEdge *esm;
  GtkWidget *button;

  /* A stream mapping's failures go to a destination hanging off the mapping (KIN-8): a
   * drag from the function offers it next to the function's own */
  stream = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_KINESIS_STREAM, FALSE }, 120, 120);
  function = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_LAMBDA_FUNCTION, FALSE }, 400, 120);
  queue = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_SQS_QUEUE, FALSE }, 400, 300);
  g_assert_true (lf_canvas_connect (canvas, stream, function));
  esm = edge_of_type (window, LF_EDGE_EVENT_SOURCE_MAPPING);
  g_assert_nonnull (esm);
  esm_id = g_strdup (esm->id);
  /* AWS's defaults: batch 100 for streams, TRIM_HORIZON (ESM-1) */
  g_assert_cmpint (lf_props_get_int (esm->props, "batch_size", 0), ==, 100);
  g_assert_cmpstr (lf_props_get_string (esm->props, "starting_position", NULL), ==, "TRIM_HORIZON");
  g_assert_true (lf_canvas_connect (canvas, function, queue));
  lf_test_wait_for (popover_is_shown, canvas);
  button = find_button_from (lf_canvas_get_popover (canvas), esm_id);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_nonnull (edge_of_type (window, LF_EDGE_ON_FAILURE));
  g_assert_cmpstr (edge_of_type (window, LF_EDGE_ON_FAILURE)->from, ==, esm_id);

  /* Copy in one window, paste in another, through the display's clipboard */
  lf_canvas_select_all (canvas);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy", NULL);
  other = lf_window_new (app);
  lf_window_new_document (other);
  gtk_window_present (GTK_WINDOW (other));
  lf_test_wait_for (lf_test_widget_is_mapped, lf_window_get_canvas (other));
  gtk_widget_activate_action (GTK_WIDGET (other), "win.paste", NULL);
  lf_test_wait_for (has_three_nodes, other);
  g_assert_cmpuint (n_edges (other), ==, 2);   /* the mapping and its destination */
  g_assert_cmpuint (lf_history_get_n_undo (lf_document_get_history (lf_window_get_document (other))), ==, 1);

  /* Closing with unsaved changes asks; Cancel keeps the window, Discard closes it */
  gtk_window_close (GTK_WINDOW (other));
  lf_test_wait_for (dialog_is_shown, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (other)));
  respond ("cancel");
  lf_test_wait_for (dialog_is_gone, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (other)));
  gtk_window_close (GTK_WINDOW (other));
  lf_test_wait_for (dialog_is_shown, NULL);
  respond ("discard");

  /* Quitting asks about the first window too: discard it */
  gtk_window_close (GTK_WINDOW (window));
  lf_test_wait_for (dialog_is_shown, NULL);
  respond ("discard");
  lf_test_wait_for (window_is_gone, app);
}

/* Like Composer: connecting writes the function's named role what it needs, visibly */
static void
role_body (LfApplication *app, gpointer data)
{
  static const char text[] =
    "{\"format\": \"lambdaflow/1\", \"title\": \"Roles\","
    " \"nodes\": [{\"id\": \"orders\", \"type\": \"sqs_queue\", \"x\": 0, \"y\": 0},"
    "  {\"id\": \"worker\", \"type\": \"lambda_function\", \"x\": 300, \"y\": 0, \"props\": {\"role\": \"worker-role\"}}],"
    " \"roles\": [{\"id\": \"worker-role\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"]}]}";
  g_autofree char *dir = g_dir_make_tmp ("lf-designer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "roles.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *note = NULL;
  LfWindow *window;
  LfDocument *document;
  LfRole *role;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  window = LF_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (window == NULL)
    window = lf_window_new (app);
  g_assert_true (lf_window_open_file (window, file));
  gtk_window_present (GTK_WINDOW (window));
  document = lf_window_get_document (window);
  g_signal_connect (lf_window_get_canvas (window), "edit-note", G_CALLBACK (on_refused), &note);

  g_assert_true (lf_canvas_connect (lf_window_get_canvas (window), "orders", "worker"));
  role = lf_scenario_find_role (lf_document_get_scenario (document), "worker-role");
  g_assert_true (g_strv_contains ((const char * const *) role->managed_policies, "AWSLambdaSQSQueueExecutionRole"));
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "worker-role"));
  g_assert_nonnull (strstr (note, "AWSLambdaSQSQueueExecutionRole"));
  /* one step: the mapping and the grant go back together */
  g_assert_true (lf_document_undo (document));
  role = lf_scenario_find_role (lf_document_get_scenario (document), "worker-role");
  g_assert_false (g_strv_contains ((const char * const *) role->managed_policies, "AWSLambdaSQSQueueExecutionRole"));
  g_assert_cmpuint (n_edges (window), ==, 0);
  g_assert_false (lf_document_get_dirty (document));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_designer_roles (void)
{
  lf_test_run_app (NULL, role_body, NULL);
}

static gboolean
file_chooser_is_shown (gpointer data)
{
  return lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static JsonObject *
queue_traffic (LfDocument *document)
{
  JsonArray *workload = lf_scenario_get_workload (lf_document_get_scenario (document));

  for (guint i = 0; i < json_array_get_length (workload); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (workload, i), "target"), "queue") == 0)
      return json_array_get_object_element (workload, i);
  return NULL;
}

static gboolean
has_traffic (gpointer data)
{
  return queue_traffic (data) != NULL;
}

static gboolean
traffic_is_5 (gpointer data)
{
  JsonObject *item = queue_traffic (data);

  return item != NULL && lf_props_get_rate (item, "rate", 0) == 5.0;
}

/* What a review found: refusals in the inspector, exports of a new design, settings,
 * undo while the run is under way */
static void
review_body (LfApplication *app, gpointer data)
{
  LfWindow *window = new_design_window (app);
  LfCanvas *canvas = lf_window_get_canvas (window);
  LfDocument *document = lf_window_get_document (window);
  LfSession *session = lf_window_get_session (window);
  LfHistory *history = lf_document_get_history (document);
  GtkWidget *inspector = lf_test_find_descendant (GTK_WIDGET (window), LF_TYPE_INSPECTOR, NULL);
  g_autofree char *queue = NULL, *function = NULL;
  const char *ids[] = { NULL, NULL };
  GtkWidget *row, *spin;
  guint steps;

  queue = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_SQS_QUEUE, FALSE }, 120, 120);
  function = lf_canvas_add_node (canvas, &(LfNodeTemplate) { LF_NODE_LAMBDA_FUNCTION, FALSE }, 400, 120);
  g_assert_true (lf_canvas_connect (canvas, queue, function));

  /* SQS-4: a function timeout over the queue's visibility timeout (30 s) is refused in the
   * inspector; nothing changes, nothing crashes (the rows are rebuilt under the call) */
  ids[0] = function;
  lf_canvas_set_selection (canvas, ids);
  steps = lf_history_get_n_undo (history);
  row = lf_test_find_named (inspector, "timeout");
  spin = lf_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 60);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, steps);
  g_assert_false (lf_props_has (lf_scenario_find_node (lf_document_get_scenario (document), function)->props, "timeout"));
  /* within it, accepted */
  row = lf_test_find_named (inspector, "timeout");
  spin = lf_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 20);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, steps + 1);

  /* Account settings are the design's: undoable, saved, applied live */
  lf_canvas_set_selection (canvas, NULL);
  row = lf_test_find_named (inspector, "account_concurrency");
  g_assert_nonnull (row);
  spin = lf_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 500);
  g_assert_cmpint (lf_props_get_int (lf_scenario_get_settings (lf_document_get_scenario (document)),
                                     "account_concurrency", 0), ==, 500);
  g_assert_cmpint (lf_props_get_int (lf_scenario_get_settings (lf_session_get_scenario (session)),
                                     "account_concurrency", 0), ==, 500);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, steps + 2);

  /* Traffic: a queue has none; Add gives it 1 event/s, its rate is editable, one undo each */
  ids[0] = queue;
  lf_canvas_set_selection (canvas, ids);
  g_assert_null (lf_test_find_named (inspector, "traffic-rate"));
  row = lf_test_find_named (inspector, "traffic-add");
  g_assert_nonnull (row);
  g_signal_emit_by_name (lf_test_find_descendant (row, GTK_TYPE_BUTTON, NULL), "clicked");
  lf_test_wait_for (has_traffic, document);
  row = lf_test_find_named (inspector, "traffic-rate");
  g_assert_nonnull (row);
  spin = lf_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
  lf_test_wait_for (traffic_is_5, document);
  g_assert_true (lf_document_undo (document));
  g_assert_true (lf_document_undo (document));
  g_assert_false (has_traffic (document));
  steps = lf_history_get_n_undo (history);
  lf_canvas_set_selection (canvas, NULL);

  /* Undo while the run is under way: a move undone does not restart it */
  lf_session_seek (session, 20 * G_USEC_PER_SEC);
  lf_scenario_move_node (lf_document_get_scenario (document), queue, 32, 32);
  g_assert_cmpint (lf_session_get_now (session), ==, 20 * G_USEC_PER_SEC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (lf_session_get_now (session), ==, 20 * G_USEC_PER_SEC);

  /* Export View on a design that has no file yet: the dialog offers the title */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  lf_test_wait_for (file_chooser_is_shown, NULL);
  {
    GtkFileChooser *chooser = GTK_FILE_CHOOSER (lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);

    g_assert_cmpstr (name, ==, "Untitled Architecture.png");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  }

  /* Nothing to keep */
  lf_document_discard_autosave (document);
  gtk_window_close (GTK_WINDOW (window));
  lf_test_wait_for (dialog_is_shown, NULL);
  respond ("discard");
  lf_test_wait_for (window_is_gone, app);
}

static void
test_designer_review (void)
{
  /* The file chooser of Export View, under Xvfb with no Pictures folder, leaves a
   * GtkMessageDialog of its own behind: not the app's */
  lf_test_run_app_full (NULL, LF_TEST_APP_ALLOW_TOPLEVELS, review_body, NULL);
}

static void
test_designer_more (void)
{
  lf_test_run_app (NULL, more_body, NULL);
}

/* ---- with the mouse and keyboard (xdotool) ----------------------------------------- */

#ifdef GDK_WINDOWING_X11

typedef struct {
  gboolean done;
  int      status;
} Child;

static void
child_exited_cb (GPid pid, int status, gpointer data)
{
  Child *child = data;

  child->status = status;
  child->done = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
child_done (gpointer data)
{
  return ((Child *) data)->done;
}

/* Runs xdotool with @args while the main loop keeps running (GTK must answer the X events
 * it sends), and waits for it. */
static void
xdotool (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Child child = { FALSE, 0 };
  va_list ap;
  GPid pid;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_async (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &child);
  lf_test_wait_for (child_done, &child);
  g_assert_true (g_spawn_check_wait_status (child.status, NULL));
}

/* A point of @widget, as "x y" in the X window of its native (surface coordinates). */
static void
native_point (GtkWidget *widget, double x, double y, char **out_x, char **out_y, char **out_xid)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double sx, sy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (native, &sx, &sy);
  *out_x = g_strdup_printf ("%d", (int) round (p.x + sx));
  *out_y = g_strdup_printf ("%d", (int) round (p.y + sy));
  *out_xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
}

static void
drag (GtkWidget *from, double fx, double fy, GtkWidget *to, double tx, double ty)
{
  g_autofree char *ax = NULL, *ay = NULL, *aw = NULL, *bx = NULL, *by = NULL, *bw = NULL;
  g_autofree char *mx = NULL, *my = NULL;

  native_point (from, fx, fy, &ax, &ay, &aw);
  native_point (to, tx, ty, &bx, &by, &bw);
  mx = g_strdup_printf ("%d", (atoi (ax) + atoi (bx)) / 2);
  my = g_strdup_printf ("%d", (atoi (ay) + atoi (by)) / 2);
  xdotool ("mousemove", "--window", aw, ax, ay, "sleep", "0.1", "mousedown", "1", "sleep", "0.1",
           "mousemove_relative", "--", "12", "6", "sleep", "0.1",
           "mousemove", "--window", aw, mx, my, "sleep", "0.1",
           "mousemove", "--window", bw, bx, by, "sleep", "0.15",
           "mousemove_relative", "--", "1", "1", "sleep", "0.15",
           "mouseup", "1", "sleep", "0.2", NULL);
}

static void
click (GtkWidget *widget)
{
  g_autofree char *x = NULL, *y = NULL, *w = NULL;

  native_point (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, &x, &y, &w);
  xdotool ("mousemove", "--window", w, x, y, "sleep", "0.1", "click", "1", "sleep", "0.2", NULL);
}

static void
key (LfWindow *window, const char *keys)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));

  xdotool ("windowfocus", "--sync", xid, "key", "--clearmodifiers", keys, "sleep", "0.2", NULL);
}

static gboolean
node_count_is (gpointer data)
{
  LfWindow *window = data;
  guint want = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "want-nodes"));

  return n_nodes (window) == want;
}

static void
drop_palette_item (LfWindow *window, LfNodeType type, const char *search, double x, double y)
{
  LfNodePalette *palette = lf_window_get_palette (window);
  GtkWidget *row;

  lf_node_palette_set_filter (palette, search);
  row = lf_node_palette_get_row (palette, type, FALSE);
  lf_test_wait_for_paint (row);
  g_object_set_data (G_OBJECT (window), "want-nodes", GUINT_TO_POINTER (n_nodes (window) + 1));
  drag (row, 40, gtk_widget_get_height (row) / 2.0, GTK_WIDGET (lf_window_get_canvas (window)), x, y);
  lf_test_wait_for (node_count_is, window);
}

static void
mouse_body (LfApplication *app, gpointer data)
{
  LfWindow *window = new_design_window (app);
  LfCanvas *canvas = lf_window_get_canvas (window);
  GtkWidget *canvas_widget = GTK_WIDGET (canvas);
  LfDocument *document = lf_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("lf-designer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "by-hand.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *bucket = NULL, *function = NULL, *queue = NULL;
  double px, py, cx, cy;
  cairo_rectangle_t rect;

  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (canvas_widget)))
    {
      g_test_fail_printf ("real input needs the X11 backend (xdotool); GDK_BACKEND is %s",
                          g_getenv ("GDK_BACKEND") ? g_getenv ("GDK_BACKEND") : "unset");
      return;
    }

  /* Drag three services from the palette onto the canvas */
  drop_palette_item (window, LF_NODE_S3_BUCKET, "s3", 80, 90);
  drop_palette_item (window, LF_NODE_LAMBDA_FUNCTION, "lambda", 270, 190);
  drop_palette_item (window, LF_NODE_SQS_QUEUE, "sqs queue", 270, 330);
  lf_node_palette_set_filter (lf_window_get_palette (window), "");
  /* Ids, not nodes: an undo restores the scenario and node pointers go stale */
  g_assert_nonnull (node_of_type (window, LF_NODE_S3_BUCKET, FALSE));
  g_assert_nonnull (node_of_type (window, LF_NODE_LAMBDA_FUNCTION, FALSE));
  g_assert_nonnull (node_of_type (window, LF_NODE_SQS_QUEUE, FALSE));
  bucket = g_strdup (node_of_type (window, LF_NODE_S3_BUCKET, FALSE)->id);
  function = g_strdup (node_of_type (window, LF_NODE_LAMBDA_FUNCTION, FALSE)->id);
  queue = g_strdup (node_of_type (window, LF_NODE_SQS_QUEUE, FALSE)->id);
  /* where it was dropped (within a grid cell and the pointer's last pixel) */
  g_assert_true (lf_canvas_get_node_center (canvas, function, &cx, &cy));
  g_assert_cmpfloat (fabs (cx - 271), <=, LF_CANVAS_GRID);
  g_assert_cmpfloat (fabs (cy - 191), <=, LF_CANVAS_GRID);
  lf_test_wait_for_paint (canvas_widget);

  /* Connect bucket → function from the bucket's port */
  g_assert_true (lf_canvas_get_port (canvas, bucket, &px, &py));
  g_assert_true (lf_canvas_get_node_center (canvas, function, &cx, &cy));
  drag (canvas_widget, px - 2, py, canvas_widget, cx, cy);
  g_assert_nonnull (edge_of_type (window, LF_EDGE_NOTIFICATION));

  /* function → queue asks; click "Dead-letter queue" */
  g_assert_true (lf_canvas_get_port (canvas, function, &px, &py));
  g_assert_true (lf_painter_get_node_rect (lf_canvas_get_painter (canvas), queue, &rect));
  drag (canvas_widget, px - 2, py, canvas_widget, rect.x + rect.width / 2, rect.y + rect.height / 2);
  lf_test_wait_for (popover_is_shown, canvas);
  lf_test_wait_for_paint (lf_canvas_get_popover (canvas));
  click (find_type_button (lf_canvas_get_popover (canvas), "dlq"));
  g_assert_nonnull (edge_of_type (window, LF_EDGE_DLQ));
  g_assert_cmpuint (n_edges (window), ==, 2);

  /* Ctrl+Z takes the DLQ edge back, Shift+Ctrl+Z makes it again */
  key (window, "ctrl+z");
  g_assert_null (edge_of_type (window, LF_EDGE_DLQ));
  g_assert_cmpuint (n_edges (window), ==, 1);
  key (window, "ctrl+shift+z");
  g_assert_nonnull (edge_of_type (window, LF_EDGE_DLQ));
  lf_test_save_texture (lf_canvas_get_texture (canvas), "designer-by-hand.png");

  /* Shift-drag a rubber band around the function and the queue, then drag the function:
   * both move together, one undo step */
  {
    g_autofree char *x0 = NULL, *y0 = NULL, *w = NULL, *x1 = NULL, *y1 = NULL, *w1 = NULL;
    g_auto(GStrv) selected = NULL;
    cairo_rectangle_t f, q;
    double fx0, fy0, qx0, qy0;
    guint steps = lf_history_get_n_undo (lf_document_get_history (document));
    LfScenario *scenario = lf_document_get_scenario (document);

    g_assert_true (lf_painter_get_node_rect (lf_canvas_get_painter (canvas), function, &f));
    g_assert_true (lf_painter_get_node_rect (lf_canvas_get_painter (canvas), queue, &q));
    native_point (canvas_widget, f.x - 20, f.y - 10, &x0, &y0, &w);
    native_point (canvas_widget, q.x + q.width + 10, q.y + q.height + 6, &x1, &y1, &w1);
    xdotool ("mousemove", "--window", w, x0, y0, "keydown", "shift", "sleep", "0.1", "mousedown", "1",
             "sleep", "0.1", "mousemove", "--window", w, x1, y1, "sleep", "0.1",
             "mousemove_relative", "--", "1", "1", "sleep", "0.1",
             "mouseup", "1", "keyup", "shift", "sleep", "0.2", NULL);
    selected = lf_canvas_dup_selection (canvas);
    g_assert_cmpuint (g_strv_length (selected), ==, 2);
    g_assert_true (g_strv_contains ((const char * const *) selected, function));
    g_assert_true (g_strv_contains ((const char * const *) selected, queue));

    fx0 = lf_scenario_find_node (scenario, function)->x;
    fy0 = lf_scenario_find_node (scenario, function)->y;
    qx0 = lf_scenario_find_node (scenario, queue)->x;
    qy0 = lf_scenario_find_node (scenario, queue)->y;
    drag (canvas_widget, f.x + f.width / 2, f.y + f.height / 2, canvas_widget, f.x + f.width / 2 + 63, f.y + f.height / 2 + 1);
    g_assert_cmpfloat (lf_scenario_find_node (scenario, function)->x - fx0, ==, lf_scenario_find_node (scenario, queue)->x - qx0);
    g_assert_cmpfloat (lf_scenario_find_node (scenario, function)->y - fy0, ==, lf_scenario_find_node (scenario, queue)->y - qy0);
    g_assert_cmpfloat (lf_scenario_find_node (scenario, function)->x - fx0, ==, 64);   /* 64 px at 1×, on the grid */
    g_assert_cmpuint (lf_history_get_n_undo (lf_document_get_history (document)), ==, steps + 1);
    key (window, "ctrl+z");
    g_assert_cmpfloat (lf_scenario_find_node (scenario, queue)->x, ==, qx0);

    /* Escape in the middle of a move puts the node back and leaves no step */
    {
      g_autofree char *sx = NULL, *sy = NULL, *sw = NULL, *ex = NULL, *ey = NULL, *ew = NULL;
      double bx0 = lf_scenario_find_node (scenario, bucket)->x;
      cairo_rectangle_t b;

      g_assert_true (lf_painter_get_node_rect (lf_canvas_get_painter (canvas), bucket, &b));
      native_point (canvas_widget, b.x + 40, b.y + b.height / 2, &sx, &sy, &sw);
      native_point (canvas_widget, b.x + 140, b.y + b.height / 2 + 50, &ex, &ey, &ew);
      xdotool ("mousemove", "--window", sw, sx, sy, "sleep", "0.1", "mousedown", "1", "sleep", "0.1",
               "mousemove", "--window", sw, ex, ey, "sleep", "0.2", "key", "Escape", "sleep", "0.2",
               "mouseup", "1", "sleep", "0.2", NULL);
      g_assert_cmpfloat (lf_scenario_find_node (scenario, bucket)->x, ==, bx0);
      g_assert_cmpuint (lf_history_get_n_undo (lf_document_get_history (document)), ==, steps);
      g_assert_false (lf_history_in_group (lf_document_get_history (document)));
    }
  }

  /* Save, then check the file */
  g_assert_true (lf_window_save_to_file (window, file));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LfScenario) saved = lf_scenario_load_from_file (path, NULL, &error);
    LfEdge *dlq;

    g_assert_no_error (error);
    g_assert_cmpuint (lf_scenario_get_nodes (saved)->len, ==, 3);
    g_assert_cmpuint (lf_scenario_get_edges (saved)->len, ==, 2);
    dlq = lf_scenario_find_edge (saved, edge_of_type (window, LF_EDGE_DLQ)->id);
    g_assert_nonnull (dlq);
    g_assert_cmpint (dlq->type, ==, LF_EDGE_DLQ);
    g_assert_cmpstr (dlq->from, ==, function);
    g_assert_cmpstr (dlq->to, ==, queue);
    g_assert_cmpint (lf_scenario_find_node (saved, bucket)->type, ==, LF_NODE_S3_BUCKET);
  }

  /* Every step undoes: three drops and two connections (the move was undone) */
  g_assert_cmpuint (lf_history_get_n_undo (lf_document_get_history (document)), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_true (lf_document_undo (document));
  g_assert_cmpuint (n_nodes (window), ==, 0);
  for (guint i = 0; i < 5; i++)
    g_assert_true (lf_document_redo (document));
  g_assert_false (lf_document_get_dirty (document));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_designer_mouse (void)
{
  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_fail_printf ("xdotool is not installed (./quickstart test installs it)");
      return;
    }
  lf_test_run_app (NULL, mouse_body, NULL);
}

#endif

/* Last: every test above closed its windows cleanly (saved, or discarded when asked), so
 * no autosave is left to offer back at the next start */
static void
test_designer_no_autosaves_left (void)
{
  g_assert_cmpuint (lf_test_count_autosaves (), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("lf-test-designer-data-XXXXXX", NULL);
  g_autofree char *recent = NULL;
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  /* Autosaves of this run only: another test's leftovers would be offered back (a toast) */
  lf_test_use_private_autosave_dir ();

  /* First: real input is the most sensitive to what earlier runs in this process left (a
   * file chooser opened and cancelled in one made a later xdotool drag miss; the app alone
   * is fine, checked by hand) */
#ifdef GDK_WINDOWING_X11
  g_test_add_func ("/lf/designer/mouse", test_designer_mouse);
#endif
  g_test_add_func ("/lf/designer/api", test_designer_api);
  g_test_add_func ("/lf/designer/streams-clipboard-close", test_designer_more);
  g_test_add_func ("/lf/designer/roles", test_designer_roles);
  g_test_add_func ("/lf/designer/review", test_designer_review);
  g_test_add_func ("/lf/designer/no-autosaves-left", test_designer_no_autosaves_left);

  status = g_test_run ();
  recent = g_build_filename (data_home, "recently-used.xbel", NULL);
  g_unlink (recent);
  g_rmdir (data_home);
  return status;
}
