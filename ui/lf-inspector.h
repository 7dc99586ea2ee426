/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-inspector.h: the inspector: the selected node or edge's properties, editable within AWS's ranges and applied live, and its metrics.
 * Binds to the window's LfSession (STYLE.md §12), never to another panel. */
#pragma once

#include <gtk/gtk.h>

#include "lf-document.h"
#include "lf-panel.h"
#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_INSPECTOR (lf_inspector_get_type ())

G_DECLARE_FINAL_TYPE (LfInspector, lf_inspector, LF, INSPECTOR, LfPanel)

GtkWidget *lf_inspector_new (LfSession *session);
LfSession *lf_inspector_get_session (LfInspector *self);
/* With a document, a node's or an edge's value and the account settings are changed in the
 * document (one undo step; the window's sync applies them to the run live); values the
 * document does not have still go to the session only. NULL: the session only. */
void       lf_inspector_set_document (LfInspector *self,
                                      LfDocument  *document);

G_END_DECLS
