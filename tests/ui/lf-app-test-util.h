/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-window.h"
#include "lf-ui-test-util.h"

G_BEGIN_DECLS

/* Helpers for the UI tests that run a whole LfApplication (linked only into the
 * programs that link the application). */

typedef void (*LfTestAppFunc) (LfApplication *app,
                               gpointer       data);

typedef enum {
  LF_TEST_APP_DEFAULT          = 0,
  /* Leave out the check that no visible toplevel (a dialog too) is left after the
   * run: test-designer's Export View file chooser, cancelled, stays up until exit. */
  LF_TEST_APP_ALLOW_TOPLEVELS  = 1 << 0,
} LfTestAppFlags;

/* Runs a new LfApplication (non-unique) with `lambdaflow ARGS...` (@args is
 * NULL-terminated and may be NULL). Once the application is up, @func runs from
 * the main loop with animations off, and app.quit ends the run. Asserts that the
 * run returns 0, that @func ran, that the application has no window left, that no
 * visible toplevel is left (unless @flags allows it) and that the application is
 * finalized. */
void        lf_test_run_app_full       (const char * const *args,
                                        LfTestAppFlags      flags,
                                        LfTestAppFunc       func,
                                        gpointer            data);
/* lf_test_run_app_full() with LF_TEST_APP_DEFAULT. */
void        lf_test_run_app            (const char * const *args,
                                        LfTestAppFunc       func,
                                        gpointer            data);

/* The path of a scenario bundled in data/scenarios of the source tree. */
char       *lf_test_bundled_path       (const char         *basename);

/* An LfTestCondition: @data (a GtkWidget) is mapped. */
gboolean    lf_test_widget_is_mapped   (gpointer            data);

/* The application's active window, an LfWindow, once it is mapped. */
LfWindow   *lf_test_get_window         (LfApplication      *app);

/* Activates @action on @window and asserts that it exists. */
void        lf_test_activate           (LfWindow           *window,
                                        const char         *action);

/* The first descendant of @widget (or @widget) with the widget name @name. */
GtkWidget  *lf_test_find_named         (GtkWidget          *widget,
                                        const char         *name);

/* Whether @widget or a descendant is a label whose text contains @text. */
gboolean    lf_test_has_label          (GtkWidget          *widget,
                                        const char         *text);

/* The first key controller of @widget, and a key press delivered to it. */
GtkEventController *lf_test_find_key_controller (GtkWidget          *widget);
gboolean    lf_test_press              (GtkEventController *keys,
                                        guint               keyval);

/* Saves what @widget shows in the build directory as @png, and asserts that it
 * is not blank (8 colours or more, not all transparent). */
void        lf_test_save_screenshot    (GtkWidget          *widget,
                                        const char         *png);

/* The pixels of the canvas's texture once it has painted again. */
GBytes     *lf_test_canvas_pixels      (LfCanvas           *canvas);

G_END_DECLS
