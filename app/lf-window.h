/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-session.h"
#include "lf-start-page.h"

G_BEGIN_DECLS

#define LF_TYPE_WINDOW (lf_window_get_type ())

G_DECLARE_FINAL_TYPE (LfWindow, lf_window, LF, WINDOW, AdwApplicationWindow)

LfWindow   *lf_window_new                 (LfApplication *application);
gboolean    lf_window_open_file           (LfWindow      *self,
                                           GFile         *file);
GFile      *lf_window_get_file            (LfWindow      *self);
const char *lf_window_get_scenario_title  (LfWindow      *self);
gboolean    lf_window_export              (LfWindow      *self,
                                           GFile         *file);
void        lf_window_show_library        (LfWindow      *self);
LfSession  *lf_window_get_session         (LfWindow      *self);
LfCanvas   *lf_window_get_canvas          (LfWindow      *self);
LfStartPage *lf_window_get_start_page     (LfWindow      *self);
/* The simulated clock as the header bar shows it: mm:ss.s (h:mm:ss.s past an hour). */
char       *lf_window_format_clock        (LfTime         t);

G_END_DECLS
