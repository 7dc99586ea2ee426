/* lf-rng.c: xoshiro256** streams keyed by (seed, name), and duration distributions */
#include "lf-rng.h"

#include <math.h>
#include <string.h>

#include "lf-error.h"

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint64
fnv1a64 (const char *s)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (; s && *s; s++)
    h = (h ^ (guchar) *s) * G_GUINT64_CONSTANT (0x100000001b3);
  return h;
}

void
lf_rng_init (LfRng      *rng,
             guint64     seed,
             const char *stream)
{
  guint64 x = seed ^ fnv1a64 (stream);

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
lf_rng_next (LfRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
lf_rng_double (LfRng *rng)
{
  return (double) (lf_rng_next (rng) >> 11) * 0x1.0p-53;
}

double
lf_rng_uniform (LfRng *rng, double a, double b)
{
  return a + (b - a) * lf_rng_double (rng);
}

double
lf_rng_normal (LfRng *rng)
{
  double u1 = 1.0 - lf_rng_double (rng);   /* (0, 1] */
  double u2 = lf_rng_double (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

gboolean
lf_rng_chance (LfRng *rng, double p)
{
  if (p >= 1.0)
    return TRUE;
  if (p <= 0.0)
    return FALSE;
  return lf_rng_double (rng) < p;
}

LfDist
lf_dist_constant (LfTime value)
{
  return (LfDist) { LF_DIST_CONSTANT, value, value };
}

static gboolean
dist_duration (JsonObject  *obj,
               const char  *key,
               LfTime      *out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "the distribution needs “%s”", key);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING &&
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      *out = (LfTime) llround (json_node_get_double (node) * 1e6);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return lf_time_parse_duration (json_node_get_string (node), out, error);
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "“%s” must be a duration such as “100ms”", key);
  return FALSE;
}

gboolean
lf_dist_parse (JsonNode  *node,
               LfDist    *out,
               GError   **error)
{
  static const char *kinds[] = { "constant", "uniform", "exponential", "lognormal" };
  static const char *keys[][2] = { { "value", NULL }, { "min", "max" }, { "mean", NULL }, { "median", "p99" } };
  JsonObject *obj;
  const char *kind;

  if (node && JSON_NODE_HOLDS_VALUE (node))
    {
      LfTime v;
      g_autoptr(JsonObject) wrap = json_object_new ();
      json_object_set_member (wrap, "value", json_node_copy (node));
      if (!dist_duration (wrap, "value", &v, error))
        return FALSE;
      *out = lf_dist_constant (v);
      return v >= 0 || (g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                                     "a duration cannot be negative"), FALSE);
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "expected a duration or an object {\"dist\": …}");
      return FALSE;
    }
  obj = json_node_get_object (node);
  kind = json_object_get_string_member_with_default (obj, "dist", "");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kind, kinds[i]) == 0)
      {
        out->kind = (LfDistKind) i;
        if (!dist_duration (obj, keys[i][0], &out->a, error))
          return FALSE;
        out->b = out->a;
        if (keys[i][1] && !dist_duration (obj, keys[i][1], &out->b, error))
          return FALSE;
        if (out->a < 0 || out->b < out->a)
          {
            g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                         "“%s” must not exceed “%s”, and neither may be negative",
                         keys[i][0], keys[i][1] ? keys[i][1] : keys[i][0]);
            return FALSE;
          }
        return TRUE;
      }
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "unknown distribution “%s” (constant, uniform, exponential or lognormal)", kind);
  return FALSE;
}

LfTime
lf_dist_sample (const LfDist *dist,
                LfRng        *rng)
{
  double v;

  switch (dist->kind)
    {
    case LF_DIST_UNIFORM:
      v = lf_rng_uniform (rng, (double) dist->a, (double) dist->b);
      break;
    case LF_DIST_EXPONENTIAL:
      v = -(double) dist->a * log (1.0 - lf_rng_double (rng));
      break;
    case LF_DIST_LOGNORMAL:
      {
        /* median = e^mu, p99 = e^(mu + 2.3263 sigma) */
        double mu = log (MAX ((double) dist->a, 1.0));
        double sigma = (log (MAX ((double) dist->b, 1.0)) - mu) / 2.3263478740408408;
        v = exp (mu + sigma * lf_rng_normal (rng));
      }
      break;
    case LF_DIST_CONSTANT:
    default:
      return dist->a;
    }
  return (LfTime) llround (MIN (v, (double) LF_SEC (86400 * 365)));
}
