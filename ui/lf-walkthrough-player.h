/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-walkthrough-player.h: the narration card shown over the canvas while a scenario's
 * walkthrough plays — "Step n of m", the step's title and text (Pango markup), previous /
 * play-through / next, and a scrubber with a tick per step. Keys (anywhere in the window,
 * unless the focused widget uses them): Space plays or pauses, ← and → go to the previous
 * and next step, Home and End to the first and last.
 *
 * The card only steers the LfWalkthrough; the window's frame clock keeps advancing the
 * simulation, and while a walkthrough is shown it must call lf_walkthrough_advance
 * instead of lf_session_advance so that steps end exactly where they should. */
#pragma once

#include <gtk/gtk.h>

#include "lf-walkthrough.h"

G_BEGIN_DECLS

#define LF_TYPE_WALKTHROUGH_PLAYER (lf_walkthrough_player_get_type ())
G_DECLARE_FINAL_TYPE (LfWalkthroughPlayer, lf_walkthrough_player, LF, WALKTHROUGH_PLAYER, GtkWidget)

GtkWidget     *lf_walkthrough_player_new             (LfWalkthrough *walkthrough);
LfWalkthrough *lf_walkthrough_player_get_walkthrough (LfWalkthroughPlayer *self);

G_END_DECLS
