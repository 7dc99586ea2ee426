/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-problems-dialog.h: the full list of a scenario's problems (file, JSON path, message),
 * for the "Details" of a load error whose toast can only show the start of it. */
#pragma once

#include <adwaita.h>

#include "lf-scenario.h"

G_BEGIN_DECLS

/* One line per problem, "FILE: PATH: error: MESSAGE", errors first in file order, then
 * warnings; when there are none, "FILE: MESSAGE" with the load's own message. */
char      *lf_problems_format     (const char *file_name,
                                   GPtrArray  *problems,
                                   const char *message);
/* A modal AdwMessageDialog over parent: "Could not open “FILE”", the text selectable
 * and scrollable, a Copy response (to the clipboard) and Close. Present it. */
GtkWidget *lf_problems_dialog_new (GtkWindow  *parent,
                                   const char *file_name,
                                   const char *text);

G_END_DECLS
