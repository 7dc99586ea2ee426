/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-video.h: `lambdaflow-sim video` — a scenario's walkthrough as a WebM video */
#pragma once

#include <gio/gio.h>

#include "lf-painter.h"
#include "lf-scenario.h"

G_BEGIN_DECLS

typedef struct {
  int             width, height;   /* even, 16 or more */
  int             fps;
  LfPainterStyle  style;
  const char     *output;          /* FILE.webm, or NULL */
  const char     *frames_dir;      /* DIR for frame-NNNNNN.png, or NULL */
} LfVideoSettings;

/* fraction: 0 … 1, called after each frame (from the exporting thread). */
typedef void (*LfVideoProgress) (double fraction, gpointer user_data);

/* Records the scenario's walkthrough as `lambdaflow-sim video` does, in the calling
 * thread (the app runs it in a GTask thread, with a progress bar and a Cancel button):
 * FALSE with LF_ERROR_INVALID_SCENARIO when the scenario has errors or no walkthrough,
 * G_IO_ERROR_CANCELLED when cancelled, another G_IO_ERROR when a file cannot be written
 * or a GStreamer element is missing. The video goes to FILE.webm.tmp, renamed into place
 * when complete (removed on failure). */
gboolean lf_video_export (LfScenario            *scenario,
                          const LfVideoSettings *settings,
                          LfVideoProgress        progress,
                          gpointer               user_data,
                          GCancellable          *cancellable,
                          GError               **error);

/* The arguments after "video":
 *   SCENARIO --output FILE.webm [--size WxH] [--fps N] [--frames DIR] [--seed N]
 *            [--style light|dark]
 * With --frames, every frame is also written as DIR/frame-NNNNNN.png (--output may then
 * be left out). Returns the exit status: 0 written, 1 invalid scenario (or one without a
 * walkthrough), 2 usage error, 3 I/O error (a file, or a missing GStreamer element). */
int lf_video_main (int argc, char **argv);

G_END_DECLS
