/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-chart.h: the chart view: small multiples of the selected node's series over simulated time (cairo).
 * Binds to the window's LfSession (STYLE.md §12), never to another panel. */
#pragma once

#include <gtk/gtk.h>

#include "lf-panel.h"
#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_CHART_VIEW (lf_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (LfChartView, lf_chart_view, LF, CHART_VIEW, LfPanel)

GtkWidget *lf_chart_view_new (LfSession *session);
LfSession *lf_chart_view_get_session (LfChartView *self);
/* The node or edge id charted now, and the metrics (lf_sim_get_series) shown for it, in
 * the order they are stacked. */
const char *lf_chart_view_get_charted (LfChartView *self);
GStrv      lf_chart_view_dup_metrics (LfChartView *self);
/* An age as the charts print it: "4.2 s", "42 s", "3 min 07 s", "2 h 05 min" */
void       lf_chart_format_age       (gint64 us, char *buf, gsize size);

G_END_DECLS
