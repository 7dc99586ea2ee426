/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-video.h: `lambdaflow-sim video` — a scenario's walkthrough as a WebM video */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The arguments after "video":
 *   SCENARIO --output FILE.webm [--size WxH] [--fps N] [--frames DIR] [--seed N]
 *            [--style light|dark]
 * With --frames, every frame is also written as DIR/frame-NNNNNN.png (--output may then
 * be left out). Returns the exit status: 0 written, 1 invalid scenario (or one without a
 * walkthrough), 2 usage error, 3 I/O error (a file, or a missing GStreamer element). */
int lf_video_main (int argc, char **argv);

G_END_DECLS
