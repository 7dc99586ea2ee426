/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-panel.h: the base of the side panels (inspector, fault panel, log view, chart view):
 * the window's LfSession they bind to (STYLE.md §12) as a construct-only "session", a
 * GSignalGroup on it for their handlers, a bin layout, and their children unparented on
 * dispose. A panel connects its handlers to lf_panel_get_session_signals in its init. */
#pragma once

#include <gtk/gtk.h>

#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_PANEL (lf_panel_get_type ())

G_DECLARE_DERIVABLE_TYPE (LfPanel, lf_panel, LF, PANEL, GtkWidget)

struct _LfPanelClass
{
  GtkWidgetClass parent_class;

  gpointer padding[4];
};

LfSession    *lf_panel_get_session         (LfPanel *self);
/* Targets the session from construction until dispose. */
GSignalGroup *lf_panel_get_session_signals (LfPanel *self);

G_END_DECLS
