/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The side panels (inspector, faults, log, charts) on a session, each in a window of its
 * own: a change made through a panel's row reaches the running simulation. */

#include <string.h>

#include <adwaita.h>

#include "lf-chart.h"
#include "lf-fault-panel.h"
#include "lf-inspector.h"
#include "lf-log-view.h"
#include "lf-ui-test-util.h"

typedef struct {
  LfSession *session;
  GtkWindow *window;
  GtkWidget *panel;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *(*make) (LfSession *) = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "panels.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->session = lf_session_new ();
  g_assert_true (lf_session_load_file (f->session, file, &error));
  g_assert_no_error (error);
  f->panel = g_object_ref_sink (make (f->session));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 420, 720);
  gtk_window_set_child (f->window, f->panel);
  gtk_window_present (f->window);
  lf_test_wait_for_paint (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_assert_finalize_object (f->panel);
  g_assert_finalize_object (f->session);
}

/* The descendant of @widget whose name is @name (rows and editors are named by key). */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name,
            GType       type)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_editor (GtkWidget *panel, const char *key, GType type)
{
  GtkWidget *row = find_named (panel, key, ADW_TYPE_PREFERENCES_ROW);

  g_assert_nonnull (row);
  return lf_test_find_descendant (row, type, NULL);
}

static void
screenshot (Fixture *f, const char *basename)
{
  g_autoptr(GdkTexture) texture = NULL;

  lf_test_wait_for_paint (GTK_WIDGET (f->window));
  lf_test_wait_for_paint (GTK_WIDGET (f->window));
  texture = lf_test_render_widget (GTK_WIDGET (f->window));
  lf_test_save_texture (texture, basename);
}

static JsonObject *
sim_props (Fixture *f, const char *id)
{
  LfScenario *scenario = lf_sim_get_scenario (lf_session_get_sim (f->session));
  LfNode *node = lf_scenario_find_node (scenario, id);
  LfEdge *edge = node ? NULL : lf_scenario_find_edge (scenario, id);

  g_assert_true (node || edge);
  return node ? node->props : edge->props;
}

static void
on_refused (GtkWidget *panel, const char *path, const char *message, char **out)
{
  g_free (*out);
  *out = g_strdup_printf ("%s: %s", path, message);
}

typedef struct {
  Fixture    *f;
  GtkWidget  *label;
  const char *node;
} MetricCheck;

/* The inspector's "Depth (peak)" reads what the simulation says now. */
static gboolean
metric_is_current (gpointer data)
{
  MetricCheck *c = data;
  LfNodeStats st;
  g_autofree char *text = NULL;

  g_assert_true (lf_sim_get_node_stats (lf_session_get_sim (c->f->session), c->node, &st));
  text = g_strdup_printf ("%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT ")", st.depth, st.max_depth);
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (c->label)), text) == 0 && st.max_depth > 0;
}

static void
test_inspector_edit (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *refused = NULL;
  GtkWidget *spin;

  g_signal_connect (f->panel, "value-refused", G_CALLBACK (on_refused), &refused);
  lf_session_seek (f->session, LF_SEC (30));
  lf_session_set_selected (f->session, "thumbs");

  /* a change in range applies at once */
  spin = row_editor (f->panel, "timeout", GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 10);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 25);
  g_assert_cmpint (lf_props_get_duration (sim_props (f, "thumbs"), "timeout", 0), ==, LF_SEC (25));
  g_assert_null (refused);

  /* reserving the whole account is refused (CONC-2): the row reverts to none */
  spin = row_editor (f->panel, "reserved_concurrency", GTK_TYPE_SPIN_BUTTON);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1000);
  g_assert_nonnull (refused);
  g_assert_true (strstr (refused, "CONC-2") != NULL);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), <, 0);
  g_assert_false (lf_props_has (sim_props (f, "thumbs"), "reserved_concurrency") &&
                  !json_node_is_null (json_object_get_member (sim_props (f, "thumbs"), "reserved_concurrency")));
  g_assert_true (gtk_widget_has_css_class (find_named (f->panel, "reserved_concurrency", ADW_TYPE_PREFERENCES_ROW), "error"));

  screenshot (f, "panel-inspector-refused.png");

  /* a reserved concurrency of 0 throttles every invocation from now on */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  g_assert_cmpint (lf_props_get_int (sim_props (f, "thumbs"), "reserved_concurrency", -1), ==, 0);
  {
    LfNodeStats before, after;
    g_assert_true (lf_sim_get_node_stats (lf_session_get_sim (f->session), "thumbs", &before));
    lf_session_seek (f->session, LF_SEC (90));
    g_assert_true (lf_sim_get_node_stats (lf_session_get_sim (f->session), "thumbs", &after));
    g_assert_cmpint (after.throttles, >, before.throttles);
  }
  screenshot (f, "panel-inspector.png");

  /* an event source mapping from a standard queue: batch size above 10 needs a window */
  lf_session_set_selected (f->session, "poll");
  spin = row_editor (f->panel, "batch_size", GTK_TYPE_SPIN_BUTTON);
  g_clear_pointer (&refused, g_free);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 100);
  g_assert_nonnull (refused);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 10);
  g_assert_cmpint (lf_props_get_int (sim_props (f, "poll"), "batch_size", 0), ==, 10);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_editor (f->panel, "batching_window", GTK_TYPE_SPIN_BUTTON)), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 100);
  g_assert_cmpint (lf_props_get_int (sim_props (f, "poll"), "batch_size", 0), ==, 100);

  /* a switch */
  {
    GtkWidget *sw = row_editor (f->panel, "enabled", GTK_TYPE_SWITCH);
    gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
    g_assert_false (lf_props_get_bool (sim_props (f, "poll"), "enabled", TRUE));
  }
  screenshot (f, "panel-inspector-edge.png");

  /* a queue shows its live metrics, kept up to date as the clock moves */
  lf_session_set_selected (f->session, "jobs");
  g_assert_nonnull (find_named (f->panel, "visibility_timeout", ADW_TYPE_PREFERENCES_ROW));
  {
    MetricCheck c = { f, find_named (f->panel, "Depth (peak)", GTK_TYPE_LABEL), "jobs" };
    g_assert_nonnull (c.label);
    lf_test_wait_for (metric_is_current, &c);
    lf_session_seek (f->session, LF_SEC (150));
    lf_test_wait_for (metric_is_current, &c);
    screenshot (f, "panel-inspector-queue.png");
  }

  /* nothing selected: the account settings */
  lf_session_set_selected (f->session, NULL);
  spin = row_editor (f->panel, "account_concurrency", GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 1000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3000);
  g_assert_cmpint (lf_props_get_int (lf_scenario_get_settings (lf_sim_get_scenario (lf_session_get_sim (f->session))),
                                     "account_concurrency", 0), ==, 3000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_editor (f->panel, "jitter", GTK_TYPE_SPIN_BUTTON)), 0.25);
  g_assert_cmpfloat (lf_props_get_double (lf_scenario_get_settings (lf_sim_get_scenario (lf_session_get_sim (f->session))),
                                          "jitter", 0), ==, 0.25);
  screenshot (f, "panel-inspector-settings.png");
}

static gint64
errors_of (Fixture *f, const char *node)
{
  LfNodeStats st;

  g_assert_true (lf_sim_get_node_stats (lf_session_get_sim (f->session), node, &st));
  return st.errors;
}

static JsonObject *
sim_fault (Fixture *f, const char *id)
{
  JsonArray *faults = lf_scenario_get_faults (lf_sim_get_scenario (lf_session_get_sim (f->session)));

  for (guint i = 0; i < json_array_get_length (faults); i++)
    {
      JsonObject *o = json_array_get_object_element (faults, i);
      if (g_strcmp0 (json_object_get_string_member (o, "id"), id) == 0)
        return o;
    }
  g_assert_not_reached ();
}

/* Records of a kind in the log from time `since` on. */
static guint
count_records (Fixture *f, LfRecordKind kind, LfTime since)
{
  GListModel *log = lf_session_get_log (f->session);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(LfLogItem) item = g_list_model_get_item (log, i);
      if (lf_log_item_get_kind (item) == kind && lf_log_item_get_time (item) >= since)
        count++;
    }
  return count;
}

static void
test_faults_slider (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *scale = find_named (f->panel, "thumbs-errors", GTK_TYPE_SCALE);
  gint64 errors;

  g_assert_nonnull (scale);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, 50);
  lf_session_seek (f->session, LF_SEC (60));
  g_assert_cmpint (errors_of (f, "thumbs"), >, 0);
  screenshot (f, "panel-faults.png");

  /* 0 % stops the errors: none in the next minute of simulated time (after the
   * invocations already running have ended) */
  gtk_range_set_value (GTK_RANGE (scale), 0);
  g_assert_cmpfloat (lf_props_get_double (sim_fault (f, "thumbs-errors"), "probability", 1), ==, 0);
  lf_session_seek (f->session, LF_SEC (62));
  errors = errors_of (f, "thumbs");
  lf_session_seek (f->session, LF_SEC (122));
  g_assert_cmpint (errors_of (f, "thumbs"), ==, errors);

  /* the permission toggle: denying sqs:DeleteMessage shows up as denied records */
  {
    GtkWidget *allow = find_named (f->panel, "worker-deny", GTK_TYPE_SWITCH);
    g_assert_nonnull (allow);
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (allow)));
    g_assert_cmpuint (count_records (f, LF_REC_DENIED, 0), ==, 0);
    gtk_switch_set_active (GTK_SWITCH (allow), FALSE);
    lf_session_seek (f->session, LF_SEC (140));
    g_assert_cmpuint (count_records (f, LF_REC_DENIED, LF_SEC (122)), >, 0);
    gtk_switch_set_active (GTK_SWITCH (allow), TRUE);
    g_assert_cmpint (lf_props_get_duration (sim_fault (f, "worker-deny"), "stop", -1), ==, LF_SEC (140));
  }

  /* and back up: errors again */
  gtk_range_set_value (GTK_RANGE (scale), 100);
  lf_session_seek (f->session, LF_SEC (170));
  g_assert_cmpint (errors_of (f, "thumbs"), >, errors);
}

static GListModel *
log_rows (Fixture *f)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (lf_test_find_descendant (f->panel, GTK_TYPE_COLUMN_VIEW, NULL));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));

  return gtk_single_selection_get_model (selection);
}

typedef struct {
  GListModel *rows;
  guint32     msg;
  int         kind;
  const char *at;
} RowsCheck;

/* Every row is of the message (kind, node) asked for, and there are some. */
static gboolean
rows_all_match (gpointer data)
{
  RowsCheck *c = data;
  guint n = g_list_model_get_n_items (c->rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfLogItem) item = g_list_model_get_item (c->rows, i);
      if ((c->msg && !lf_log_item_mentions (item, c->msg)) ||
          (c->kind >= 0 && (int) lf_log_item_get_kind (item) != c->kind) ||
          (c->at && g_strcmp0 (lf_log_item_get_at (item), c->at) != 0))
        return FALSE;
    }
  return n > 0;
}

static void
test_log_filter (Fixture       *f,
                 gconstpointer  data)
{
  GListModel *rows = log_rows (f);
  GListModel *log = lf_session_get_log (f->session);
  GtkColumnView *view = GTK_COLUMN_VIEW (lf_test_find_descendant (f->panel, GTK_TYPE_COLUMN_VIEW, NULL));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
  GtkWidget *entry = lf_test_find_descendant (f->panel, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkTextView *json_view = GTK_TEXT_VIEW (lf_test_find_descendant (f->panel, GTK_TYPE_TEXT_VIEW, NULL));
  guint total, pick = GTK_INVALID_LIST_POSITION;
  guint32 msg;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  GtkTextIter start, end;

  lf_session_seek (f->session, LF_SEC (60));
  total = g_list_model_get_n_items (log);
  g_assert_cmpuint (total, >, 100);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, total);

  /* select the row of an invocation of the S3-triggered function */
  for (guint i = 0; i < total && pick == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(LfLogItem) item = g_list_model_get_item (rows, i);
      if (lf_log_item_get_kind (item) == LF_REC_INVOKE_START &&
          g_strcmp0 (lf_log_item_get_at (item), "thumbs") == 0 && lf_log_item_get_msg (item))
        pick = i;
    }
  g_assert_cmpuint (pick, !=, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (selection, pick);
  msg = lf_session_get_selected_message (f->session);
  g_assert_cmpuint (msg, !=, 0);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (json_view), &start, &end);
  json = gtk_text_buffer_get_text (gtk_text_view_get_buffer (json_view), &start, &end, FALSE);
  g_assert_true (strstr (json, "\"Records\"") != NULL);
  g_assert_true (strstr (json, "aws:s3") != NULL);

  /* a message chosen elsewhere (the canvas) clears the row that said another */
  lf_session_set_selected_message (f->session, msg + 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  lf_session_set_selected_message (f->session, msg);

  /* "m<id>" keeps that message's records only (what log.show-records types) */
  text = g_strdup_printf ("m%u", msg);
  g_assert_true (gtk_widget_activate_action (f->panel, "log.show-records", NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
  {
    RowsCheck c = { rows, msg, -1, NULL };
    lf_test_wait_for (rows_all_match, &c);
    g_assert_cmpuint (g_list_model_get_n_items (rows), <, total / 4);
  }
  screenshot (f, "panel-log.png");

  /* a kind, then only the selected node */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lf_test_find_descendant (f->panel, GTK_TYPE_DROP_DOWN, NULL)),
                              1 + LF_REC_INVOKE_END);
  {
    RowsCheck c = { rows, 0, LF_REC_INVOKE_END, NULL };
    lf_test_wait_for (rows_all_match, &c);
  }
  lf_session_set_selected (f->session, "worker");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_named (f->panel, "selected-only", GTK_TYPE_TOGGLE_BUTTON)), TRUE);
  {
    RowsCheck c = { rows, 0, LF_REC_INVOKE_END, "worker" };
    lf_test_wait_for (rows_all_match, &c);
  }

  /* new records keep arriving through the filter */
  {
    guint before = g_list_model_get_n_items (rows);
    lf_session_seek (f->session, LF_SEC (120));
    g_assert_cmpuint (g_list_model_get_n_items (rows), >, before);
  }
}

typedef struct {
  GtkWidget *area;
  guint      blank_colours;
} ChartCheck;

/* The chart has redrawn (its redraws are throttled to ten a second). */
static gboolean
chart_changed (gpointer data)
{
  ChartCheck *c = data;
  g_autoptr(GdkTexture) texture = lf_test_render_widget (c->area);
  gboolean transparent = TRUE;
  guint colours = lf_test_count_colours (texture, 10000, &transparent);

  return !transparent && colours > c->blank_colours;
}

static gboolean
rows_mention (gpointer data)
{
  RowsCheck *c = data;
  guint n = g_list_model_get_n_items (c->rows);
  g_autoptr(LfLogItem) first = n ? g_list_model_get_item (c->rows, 0) : NULL;

  return n > 0 && lf_log_item_mentions (first, c->msg);
}

static gboolean
at_bottom (gpointer data)
{
  GtkAdjustment *adj = data;

  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) &&
         gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 2;
}

/* A full log (LF_SESSION_LOG_LIMIT records): filtering stays quick and the view follows
 * the tail until the user scrolls up. */
static void
test_log_full (Fixture       *f,
               gconstpointer  data)
{
  GListModel *rows = log_rows (f);
  GtkWidget *entry = lf_test_find_descendant (f->panel, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (find_named (f->panel, "log-scroller", GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);
  g_autoptr(LfLogItem) item = NULL;
  g_autofree char *text = NULL;
  gint64 t0;

  g_assert_true (lf_session_set_value (f->session, "work.rate", "\"150/s\"", NULL));
  lf_session_reset (f->session);
  lf_session_seek (f->session, LF_SEC (200));
  g_assert_cmpuint (g_list_model_get_n_items (lf_session_get_log (f->session)), ==, LF_SESSION_LOG_LIMIT);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, LF_SESSION_LOG_LIMIT);
  lf_test_wait_for (at_bottom, adj);
  screenshot (f, "panel-log-tail.png");

  /* filter 20,000 rows down to one message's */
  item = g_list_model_get_item (rows, LF_SESSION_LOG_LIMIT / 2);
  text = g_strdup_printf ("m%u", lf_log_item_get_msg (item));
  t0 = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  {
    RowsCheck c = { rows, lf_log_item_get_msg (item), -1, NULL };
    lf_test_wait_for (rows_mention, &c);
    g_assert_true (rows_all_match (&c));
  }
  g_test_message ("filtering %u records to %u: %.1f ms (including the search delay)",
                  LF_SESSION_LOG_LIMIT, g_list_model_get_n_items (rows),
                  (g_get_monotonic_time () - t0) / 1000.0);
  /* the kind dropdown filters at once (no search delay): time the filter itself */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  {
    RowsCheck c = { rows, 0, -1, NULL };
    lf_test_wait_for (rows_all_match, &c);
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, LF_SESSION_LOG_LIMIT);
  }
  t0 = g_get_monotonic_time ();
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lf_test_find_descendant (f->panel, GTK_TYPE_DROP_DOWN, NULL)),
                              1 + LF_REC_POLL);
  g_test_message ("filtering %u records by kind to %u: %.1f ms", LF_SESSION_LOG_LIMIT,
                  g_list_model_get_n_items (rows), (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lf_test_find_descendant (f->panel, GTK_TYPE_DROP_DOWN, NULL)), 0);

  /* scrolled up, the view stays put while records arrive */
  lf_test_wait_for_paint (GTK_WIDGET (f->window));
  gtk_adjustment_set_value (adj, 0);
  lf_session_seek (f->session, LF_SEC (210));
  lf_test_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  screenshot (f, "panel-log-full.png");
}

static void
test_chart_draws (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *area = lf_test_find_descendant (f->panel, GTK_TYPE_DRAWING_AREA, NULL);
  g_autoptr(GdkTexture) blank = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean transparent = TRUE;
  guint blank_colours, colours;

  g_assert_nonnull (area);
  lf_session_set_selected (f->session, "thumbs");
  lf_test_wait_for_paint (GTK_WIDGET (f->window));
  blank = lf_test_render_widget (area);
  blank_colours = lf_test_count_colours (blank, 10000, NULL);

  lf_session_seek (f->session, LF_SEC (150));
  {
    ChartCheck c = { area, blank_colours };
    lf_test_wait_for (chart_changed, &c);
  }
  texture = lf_test_render_widget (area);
  colours = lf_test_count_colours (texture, 10000, &transparent);
  g_assert_false (transparent);
  g_assert_cmpuint (colours, >, 20);
  g_assert_cmpuint (colours, >, blank_colours);
  screenshot (f, "panel-chart.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (f, "panel-chart-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* a queue charts its depth */
  lf_session_set_selected (f->session, "jobs");
  lf_test_wait_for_paint (GTK_WIDGET (f->window));
  screenshot (f, "panel-chart-queue.png");
}

static char *
charted (LfChartView *chart)
{
  g_auto(GStrv) metrics = lf_chart_view_dup_metrics (chart);
  return g_strjoinv (" ", metrics);
}

/* Issue #5 "Charts": each node shows the series that make sense for it, ages read in
 * s/min/h; a stream-fed function adds its iterator age [STREAM-10] */
static void
test_chart_metrics (Fixture       *f,
                    gconstpointer  data)
{
  LfChartView *chart = LF_CHART_VIEW (f->panel);
  const char *stream_json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"20m\","
    " \"nodes\": [{\"id\": \"s\", \"type\": \"kinesis_stream\", \"props\": {\"shards\": 1}},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"100ms\"}},"
    "             {\"id\": \"failed\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"fn\","
    "              \"props\": {\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 10}},"
    "             {\"id\": \"of\", \"type\": \"on_failure\", \"from\": \"esm\", \"to\": \"failed\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\"}],"
    " \"faults\": [{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 5}}]}";
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  char *text;
  char age[32];

  lf_session_set_selected (f->session, "jobs");
  g_assert_cmpstr (lf_chart_view_get_charted (chart), ==, "jobs");
  g_assert_cmpstr ((text = charted (chart)), ==, "depth age_of_oldest");
  g_free (text);
  lf_session_set_selected (f->session, "dead");       /* thumbs' DLQ */
  g_assert_cmpstr ((text = charted (chart)), ==, "depth age_of_oldest dlq_received");
  g_free (text);
  lf_session_set_selected (f->session, "thumbs");     /* has a DLQ */
  g_assert_cmpstr ((text = charted (chart)), ==, "concurrency invocations errors throttles dlq");
  g_free (text);
  lf_session_set_selected (f->session, "worker");     /* reads an SQS queue, no DLQ */
  g_assert_cmpstr ((text = charted (chart)), ==, "concurrency invocations errors throttles");
  g_free (text);
  lf_session_set_selected (f->session, "jobs");
  lf_session_seek (f->session, LF_SEC (150));
  screenshot (f, "panel-chart-queue-age.png");

  lf_chart_format_age (LF_MSEC (4200), age, sizeof age);
  g_assert_cmpstr (age, ==, "4.2 s");
  lf_chart_format_age (LF_SEC (42), age, sizeof age);
  g_assert_cmpstr (age, ==, "42 s");
  lf_chart_format_age (LF_SEC (187), age, sizeof age);
  g_assert_cmpstr (age, ==, "3 min 07 s");
  lf_chart_format_age (LF_SEC (7500), age, sizeof age);
  g_assert_cmpstr (age, ==, "2 h 05 min");

  scenario = lf_scenario_load_from_data (stream_json, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lf_session_set_scenario (f->session, scenario, &error));
  g_assert_no_error (error);
  lf_session_set_selected (f->session, "fn");
  g_assert_cmpstr ((text = charted (chart)), ==, "concurrency invocations errors throttles iterator_age dlq");
  g_free (text);
  lf_session_set_selected (f->session, "esm");        /* the mapping itself */
  g_assert_cmpstr (lf_chart_view_get_charted (chart), ==, "esm");
  g_assert_cmpstr ((text = charted (chart)), ==, "iterator_age");
  g_free (text);
  lf_session_set_selected (f->session, "fn");
  lf_session_seek (f->session, LF_SEC (600));
  {
    const GArray *a = lf_sim_get_series (lf_session_get_sim (f->session), "fn", "iterator_age");
    /* a blocked shard: about ten minutes old by now, shown in min */
    g_assert_cmpint (g_array_index (a, LfSample, 599).value, >, LF_SEC (540));
  }
  screenshot (f, "panel-chart-iterator-age.png");
}

/* All four panels side by side on a session that has no scenario yet (the window's start
 * page), then a scenario loads: every panel follows. */
static void
test_panels_before_load (void)
{
  LfSession *session = lf_session_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *panels[] = { lf_inspector_new (session), lf_fault_panel_new (session),
                          lf_log_view_new (session), lf_chart_view_new (session) };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "panels.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    {
      gtk_widget_set_size_request (panels[i], 340, -1);
      gtk_box_append (GTK_BOX (box), panels[i]);
      g_assert_true (lf_inspector_get_session (LF_INSPECTOR (panels[0])) == session);
    }
  gtk_window_set_child (window, box);
  gtk_window_set_default_size (window, 1360, 720);
  gtk_window_present (window);
  lf_test_wait_for_paint (GTK_WIDGET (window));

  g_assert_true (lf_session_load_file (session, file, &error));
  g_assert_no_error (error);
  lf_session_set_selected (session, "thumbs");
  lf_session_seek (session, LF_SEC (45));
  lf_session_set_selected_message (session, 3);
  g_assert_nonnull (find_named (panels[0], "timeout", ADW_TYPE_PREFERENCES_ROW));
  g_assert_nonnull (find_named (panels[1], "thumbs-errors", GTK_TYPE_SCALE));
  lf_test_wait_for_paint (GTK_WIDGET (window));
  lf_test_wait_for_paint (GTK_WIDGET (window));
  texture = lf_test_render_widget (GTK_WIDGET (window));
  lf_test_save_texture (texture, "panels-all.png");
  g_clear_object (&texture);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  lf_test_wait_for_paint (GTK_WIDGET (window));
  lf_test_wait_for_paint (GTK_WIDGET (window));
  texture = lf_test_render_widget (GTK_WIDGET (window));
  lf_test_save_texture (texture, "panels-all-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  lf_session_reset (session);
  gtk_window_destroy (window);
  g_assert_finalize_object (session);
}

/* Every bundled scenario: the four panels follow a selection of each node and edge in
 * turn while the run goes on, without a warning (G_DEBUG=fatal-warnings). */
static void
test_panels_bundled (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "scenarios", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n_scenarios = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      LfSession *session;
      GtkWindow *window;
      GtkWidget *box;
      LfScenario *scenario;

      if (!g_str_has_suffix (name, ".lflow.json"))
        continue;
      session = lf_session_new ();
      g_assert_true (lf_session_load_file (session, file, &error));
      g_assert_no_error (error);
      window = GTK_WINDOW (gtk_window_new ());
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_box_append (GTK_BOX (box), lf_inspector_new (session));
      gtk_box_append (GTK_BOX (box), lf_fault_panel_new (session));
      gtk_box_append (GTK_BOX (box), lf_log_view_new (session));
      gtk_box_append (GTK_BOX (box), lf_chart_view_new (session));
      gtk_window_set_child (window, box);
      gtk_window_present (window);
      scenario = lf_sim_get_scenario (lf_session_get_sim (session));
      for (guint i = 0; i < lf_scenario_get_nodes (scenario)->len; i++)
        {
          lf_session_set_selected (session, ((LfNode *) g_ptr_array_index (lf_scenario_get_nodes (scenario), i))->id);
          lf_session_seek (session, lf_session_get_now (session) + LF_SEC (5));
          if (i % 3 == 0)
            lf_test_wait_for_paint (GTK_WIDGET (window));
        }
      for (guint i = 0; i < lf_scenario_get_edges (scenario)->len; i++)
        {
          lf_session_set_selected (session, ((LfEdge *) g_ptr_array_index (lf_scenario_get_edges (scenario), i))->id);
          g_assert_true (gtk_widget_get_realized (box));
        }
      lf_session_set_selected_message (session, 1);
      lf_test_wait_for_paint (GTK_WIDGET (window));
      lf_session_reset (session);
      gtk_window_destroy (window);
      g_assert_finalize_object (session);
      n_scenarios++;
    }
  g_assert_cmpuint (n_scenarios, >=, 18);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/lf/panels/before-load", test_panels_before_load);
  g_test_add_func ("/lf/panels/bundled", test_panels_bundled);
  g_test_add ("/lf/panels/inspector/edit", Fixture, lf_inspector_new,
              fixture_set_up, test_inspector_edit, fixture_tear_down);
  g_test_add ("/lf/panels/faults/slider", Fixture, lf_fault_panel_new,
              fixture_set_up, test_faults_slider, fixture_tear_down);

  g_test_add ("/lf/panels/log/filter", Fixture, lf_log_view_new,
              fixture_set_up, test_log_filter, fixture_tear_down);

  g_test_add ("/lf/panels/log/full", Fixture, lf_log_view_new,
              fixture_set_up, test_log_full, fixture_tear_down);
  g_test_add ("/lf/panels/chart/draws", Fixture, lf_chart_view_new,
              fixture_set_up, test_chart_draws, fixture_tear_down);
  g_test_add ("/lf/panels/chart/metrics", Fixture, lf_chart_view_new,
              fixture_set_up, test_chart_metrics, fixture_tear_down);

  return g_test_run ();
}
