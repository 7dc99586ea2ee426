/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lf-application.h"

G_BEGIN_DECLS

#define LF_TYPE_WINDOW (lf_window_get_type ())

G_DECLARE_FINAL_TYPE (LfWindow, lf_window, LF, WINDOW, AdwApplicationWindow)

LfWindow   *lf_window_new                 (LfApplication *application);
gboolean    lf_window_open_file           (LfWindow      *self,
                                           GFile         *file);
GFile      *lf_window_get_file            (LfWindow      *self);
const char *lf_window_get_scenario_title  (LfWindow      *self);

G_END_DECLS
