/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-fault-panel.h: the fault panel: each function's faults from the scenario as sliders and switches, applied live.
 * Binds to the window's LfSession (STYLE.md §12), never to another panel. */
#pragma once

#include <gtk/gtk.h>

#include "lf-panel.h"
#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_FAULT_PANEL (lf_fault_panel_get_type ())

G_DECLARE_FINAL_TYPE (LfFaultPanel, lf_fault_panel, LF, FAULT_PANEL, LfPanel)

GtkWidget *lf_fault_panel_new (LfSession *session);
LfSession *lf_fault_panel_get_session (LfFaultPanel *self);

G_END_DECLS
