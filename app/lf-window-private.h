/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lf-canvas.h"
#include "lf-window.h"

G_BEGIN_DECLS

struct _LfWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  LfCanvas             *canvas;

  /* Owned */
  GSettings            *settings;
  GFile                *file;
  char                 *scenario_title;
  GtkFileChooserNative *file_chooser;
};

void _lf_window_class_actions_init (LfWindowClass *klass);
void _lf_window_actions_init       (LfWindow      *self);
void _lf_window_actions_update     (LfWindow      *self);

G_END_DECLS
