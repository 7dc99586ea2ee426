/* lf-report.c: the run's report (spec/cli.md, "Report"), as JSON and as text */
#include "lf-sim-private.h"

static void
add_function (JsonBuilder *b, LfRtNode *n)
{
  json_builder_set_member_name (b, "invocations");
  json_builder_add_int_value (b, (gint64) n->st.invocations);
  json_builder_set_member_name (b, "errors");
  json_builder_add_int_value (b, (gint64) n->st.errors);
  json_builder_set_member_name (b, "timeouts");
  json_builder_add_int_value (b, (gint64) n->st.timeouts);
  json_builder_set_member_name (b, "throttles");
  json_builder_add_int_value (b, (gint64) n->st.throttles);
  json_builder_set_member_name (b, "cold_starts");
  json_builder_add_int_value (b, (gint64) n->st.cold_starts);
  json_builder_set_member_name (b, "max_concurrency");
  json_builder_add_int_value (b, n->st.max_concurrency);
  json_builder_set_member_name (b, "duration_p50_ms");
  json_builder_add_double_value (b, (double) _lf_stats_percentile (&n->st, 50) / 1e3);
  json_builder_set_member_name (b, "duration_p99_ms");
  json_builder_add_double_value (b, (double) _lf_stats_percentile (&n->st, 99) / 1e3);
  json_builder_set_member_name (b, "dead_letter_errors");
  json_builder_add_int_value (b, (gint64) n->st.dead_letter_errors);
  json_builder_set_member_name (b, "destination_delivery_failures");
  json_builder_add_int_value (b, (gint64) n->st.destination_delivery_failures);
  json_builder_set_member_name (b, "async_queue_at_end");
  json_builder_add_int_value (b, n->st.depth);
}

static void
add_store (LfSim *sim, JsonBuilder *b, LfRtNode *n)
{
  if (n->type == LF_NODE_SQS_QUEUE)
    _lf_sqs_finish (sim, n);
  else
    _lf_stream_finish (sim, n);
  json_builder_set_member_name (b, "max_depth");
  json_builder_add_int_value (b, n->st.max_depth);
  json_builder_set_member_name (b, "max_age_of_oldest_s");
  json_builder_add_double_value (b, lf_time_to_seconds (n->st.max_age_of_oldest));
  json_builder_set_member_name (b, "depth_at_end");
  json_builder_add_int_value (b, n->st.depth);
}

static void
add_http (JsonBuilder *b, LfRtNode *n)
{
  static const char *classes[] = { NULL, "1xx", "2xx", "3xx", "4xx", "5xx" };

  for (guint i = 1; i < G_N_ELEMENTS (classes); i++)
    {
      json_builder_set_member_name (b, classes[i]);
      json_builder_add_int_value (b, (gint64) n->st.http[i]);
    }
}

static void
add_messages (LfSim *self, JsonBuilder *b)
{
  LfMessageCounts c;
  static const char *fates[] = { "succeeded", "discarded", "forwarded", "queued", "in_flight" };

  lf_sim_count_messages (self, &c);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "published");
  json_builder_add_int_value (b, (gint64) c.published);
  json_builder_set_member_name (b, "copies");
  json_builder_add_int_value (b, (gint64) c.copies);
  for (guint i = 0; i < LF_N_FATES; i++)
    {
      json_builder_set_member_name (b, fates[i]);
      json_builder_add_int_value (b, (gint64) c.fates[i]);
    }
  json_builder_set_member_name (b, "lost");
  json_builder_add_int_value (b, (gint64) c.lost);
  json_builder_set_member_name (b, "dlq");
  json_builder_add_int_value (b, (gint64) c.dlq);
  json_builder_set_member_name (b, "destination_success");
  json_builder_add_int_value (b, (gint64) c.destination_success);
  json_builder_set_member_name (b, "destination_failure");
  json_builder_add_int_value (b, (gint64) c.destination_failure);
  json_builder_end_object (b);
}

static void
add_problems (LfSim *self, JsonBuilder *b)
{
  g_autoptr(GPtrArray) problems = lf_scenario_validate (self->scenario);

  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; problems && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b, p->severity == LF_SEVERITY_ERROR ? "error" : "warning");
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, p->path);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, p->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
lf_sim_build_report (LfSim  *self,
                     double  wall_ms)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "lambdaflow-report/1");
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, lf_scenario_get_title (self->scenario));
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) self->seed);
  json_builder_set_member_name (b, "sim_time_us");
  json_builder_add_int_value (b, self->now);
  json_builder_set_member_name (b, "events");
  json_builder_add_int_value (b, (gint64) self->events);
  json_builder_set_member_name (b, "wall_ms");
  json_builder_add_double_value (b, wall_ms);
  add_messages (self, b);
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_object (b);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfRtNode *n = g_ptr_array_index (self->nodes, i);
      json_builder_set_member_name (b, n->id);
      json_builder_begin_object (b);
      if (n->type == LF_NODE_LAMBDA_FUNCTION)
        add_function (b, n);
      else if (n->type == LF_NODE_API_GATEWAY || n->type == LF_NODE_ALB)
        add_http (b, n);
      else if (n->type == LF_NODE_SQS_QUEUE || n->type == LF_NODE_KINESIS_STREAM ||
               n->type == LF_NODE_DYNAMODB_TABLE)
        add_store (self, b, n);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "edges");
  json_builder_begin_object (b);
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (self->edges, i);
      if (e->type != LF_EDGE_EVENT_SOURCE_MAPPING)
        continue;
      json_builder_set_member_name (b, e->id);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "batches");
      json_builder_add_int_value (b, (gint64) e->st.batches);
      json_builder_set_member_name (b, "max_iterator_age_ms");
      json_builder_add_double_value (b, lf_time_to_seconds (e->st.max_age_of_oldest) * 1e3);
      json_builder_set_member_name (b, "max_concurrency");
      json_builder_add_int_value (b, e->st.max_concurrency);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  add_problems (self, b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
lf_sim_report_to_text (LfSim    *self,
                       JsonNode *report)
{
  JsonObject *r = json_node_get_object (report);
  JsonObject *m = json_object_get_object_member (r, "messages");
  JsonObject *nodes = json_object_get_object_member (r, "nodes");
  g_autoptr(GList) ids = json_object_get_members (nodes);
  g_autofree char *t = lf_time_format (json_object_get_int_member (r, "sim_time_us"));
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n", json_object_get_string_member (r, "title"));
  g_string_append_printf (out, "  simulated %s, seed %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " events in %.1f ms\n",
                          t, json_object_get_int_member (r, "seed"), json_object_get_int_member (r, "events"),
                          json_object_get_double_member (r, "wall_ms"));
  g_string_append (out, "messages\n");
  {
    g_autoptr(GList) keys = json_object_get_members (m);
    for (GList *l = keys; l; l = l->next)
      g_string_append_printf (out, "  %-20s %" G_GINT64_FORMAT "\n", (char *) l->data,
                              json_object_get_int_member (m, l->data));
  }
  for (GList *l = ids; l; l = l->next)
    {
      JsonObject *n = json_object_get_object_member (nodes, l->data);
      g_autoptr(GList) keys = json_object_get_members (n);
      if (keys == NULL)
        continue;
      g_string_append_printf (out, "%s\n", (char *) l->data);
      for (GList *k = keys; k; k = k->next)
        {
          JsonNode *v = json_object_get_member (n, k->data);
          if (json_node_get_value_type (v) == G_TYPE_DOUBLE)
            g_string_append_printf (out, "  %-30s %.3f\n", (char *) k->data, json_node_get_double (v));
          else
            g_string_append_printf (out, "  %-30s %" G_GINT64_FORMAT "\n", (char *) k->data, json_node_get_int (v));
        }
    }
  {
    JsonArray *problems = json_object_get_array_member (r, "problems");
    for (guint i = 0; i < json_array_get_length (problems); i++)
      {
        JsonObject *p = json_array_get_object_element (problems, i);
        g_string_append_printf (out, "%s: %s: %s\n", json_object_get_string_member (p, "severity"),
                                json_object_get_string_member (p, "path"),
                                json_object_get_string_member (p, "message"));
      }
  }
  return g_string_free (out, FALSE);
}
