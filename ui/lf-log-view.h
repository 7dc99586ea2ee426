/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-log-view.h: the log view: the trace as a filterable column view, and the selected message's lineage and AWS event.
 * Binds to the window's LfSession (STYLE.md §12), never to another panel. */
#pragma once

#include <gtk/gtk.h>

#include "lf-panel.h"
#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_LOG_VIEW (lf_log_view_get_type ())

G_DECLARE_FINAL_TYPE (LfLogView, lf_log_view, LF, LOG_VIEW, LfPanel)

GtkWidget *lf_log_view_new (LfSession *session);
LfSession *lf_log_view_get_session (LfLogView *self);

G_END_DECLS
