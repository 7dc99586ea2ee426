/* lf-rng.h: seeded random streams and duration distributions; no global RNG in core */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lf-time.h"

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];     /* xoshiro256** state */
} LfRng;

/* A stream is named: the same (seed, name) always yields the same numbers, and adding a
 * stream for one node never shifts another node's numbers. */
void    lf_rng_init     (LfRng *rng, guint64 seed, const char *stream);
guint64 lf_rng_next     (LfRng *rng);
double  lf_rng_double   (LfRng *rng);                 /* [0, 1) */
double  lf_rng_uniform  (LfRng *rng, double a, double b);
double  lf_rng_normal   (LfRng *rng);
gboolean lf_rng_chance  (LfRng *rng, double p);

typedef enum {
  LF_DIST_CONSTANT,
  LF_DIST_UNIFORM,
  LF_DIST_EXPONENTIAL,
  LF_DIST_LOGNORMAL,
} LfDistKind;

typedef struct {
  LfDistKind kind;
  LfTime     a;       /* constant: value; uniform: min; exponential: mean; lognormal: median */
  LfTime     b;       /* uniform: max; lognormal: p99 */
} LfDist;

/* A duration ("100ms", 3) or {"dist": "...", ...}; errors say which key is wrong. */
gboolean lf_dist_parse  (JsonNode *node, LfDist *out, GError **error);
LfTime   lf_dist_sample (const LfDist *dist, LfRng *rng);
LfDist   lf_dist_constant (LfTime value);

G_END_DECLS
