/* lambdaflow-sim (spec/cli.md): commands, exit codes, trace and report */
#include "lf-test-util.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
cli (CliResult *r, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *sim = g_getenv ("LF_SIM");
  va_list args;
  const char *a;
  int wait_status;

  g_assert_nonnull (sim);
  g_ptr_array_add (argv, (char *) sim);
  va_start (args, r);
  while ((a = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
fixture (const char *name)
{
  return g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", name, NULL);
}

static void
test_usage (void)
{
  g_auto(CliResult) version = { 0 }, help = { 0 }, none = { 0 }, bad = { 0 }, nofile = { 0 }, opt = { 0 };

  cli (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "lambdaflow-sim "));
  cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "lambdaflow-sim run SCENARIO"));
  cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
  cli (&bad, "frobnicate", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  cli (&nofile, "run", NULL);
  g_assert_cmpint (nofile.status, ==, 2);
  cli (&opt, "run", "x.json", "--speed", "3", NULL);
  g_assert_cmpint (opt.status, ==, 2);
  g_assert_nonnull (strstr (opt.err, "--speed"));
}

static void
test_io_and_invalid (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lf-cli-XXXXXX", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.lflow.json", NULL);
  g_autofree char *invalid = g_build_filename (dir, "invalid.lflow.json", NULL);
  g_auto(CliResult) missing = { 0 }, syntax = { 0 }, problems = { 0 }, run_invalid = { 0 };

  g_file_set_contents (broken, "{\"format\": \"lambdaflow/1\",\n  \"nodes\": [,]}", -1, NULL);
  g_file_set_contents (invalid,
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"f\", \"type\": \"lambda_function\", \"props\": {\"timeout\": \"901s\"}},"
    " {\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {\"fifo\": true}}],"
    " \"edges\": [{\"id\": \"e\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"f\", \"props\": {\"batch_size\": 11}}]}",
    -1, NULL);
  cli (&missing, "run", "/nonexistent/x.lflow.json", NULL);
  g_assert_cmpint (missing.status, ==, 3);
  cli (&syntax, "validate", broken, NULL);
  g_assert_cmpint (syntax.status, ==, 1);
  g_assert_nonnull (strstr (syntax.err, ":2:"));          /* line 2 */
  cli (&problems, "validate", invalid, NULL);
  g_assert_cmpint (problems.status, ==, 1);
  g_assert_nonnull (strstr (problems.err, "nodes[0].props.timeout"));
  g_assert_nonnull (strstr (problems.err, "edges[0].props.batch_size"));
  g_assert_nonnull (strstr (problems.err, "10"));         /* FIFO range 1–10 */
  cli (&run_invalid, "run", invalid, NULL);
  g_assert_cmpint (run_invalid.status, ==, 1);
  g_unlink (broken);
  g_unlink (invalid);
  g_rmdir (dir);
}

static GPtrArray *
parse_lines (const char *text, const char *kind)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      JsonObject *o;
      g_assert_true (json_parser_load_from_data (p, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (p));
      if (g_strcmp0 (json_object_get_string_member (o, "kind"), kind) == 0)
        g_ptr_array_add (out, json_object_ref (o));
    }
  return out;
}

/* issue 3, "done when": an async scenario's trace shows the 0 / 60 / 180 s attempts */
static void
test_run_trace (void)
{
  g_autofree char *file = fixture ("async-fails.lflow.json");
  g_auto(CliResult) r = { 0 }, again = { 0 }, json = { 0 }, once = { 0 }, badset = { 0 };
  g_autoptr(GPtrArray) starts = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  JsonObject *report;

  cli (&r, "run", file, "--trace", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  starts = parse_lines (r.out, "invoke.start");
  g_assert_cmpuint (starts->len, ==, 3);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 0)), 0, 0.001);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 1)), 60, 1);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 2)), 180, 1.5);
  g_assert_nonnull (strstr (r.err, "messages"));           /* the report went to stderr */
  cli (&again, "run", file, "--trace", "-", NULL);
  g_assert_cmpstr (r.out, ==, again.out);                  /* byte for byte */

  cli (&json, "run", file, "--report", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (p, json.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (p));
  g_assert_cmpstr (json_object_get_string_member (report, "format"), ==, "lambdaflow-report/1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report, "messages"), "lost"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report, "messages"), "dlq"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (report, "nodes"), "worker"), "invocations"), ==, 3);

  cli (&once, "run", file, "--set", "worker.max_retry_attempts=0", "--trace", "-", "--duration", "5m", NULL);
  g_assert_cmpint (once.status, ==, 0);
  {
    g_autoptr(GPtrArray) s = parse_lines (once.out, "invoke.start");
    g_assert_cmpuint (s->len, ==, 1);
  }
  cli (&badset, "run", file, "--set", "nobody.timeout=3s", NULL);
  g_assert_cmpint (badset.status, ==, 2);
  g_assert_nonnull (strstr (badset.err, "nobody"));
}

static void
test_event (void)
{
  g_auto(CliResult) s3 = { 0 }, alb = { 0 }, unknown = { 0 };
  g_autoptr(JsonParser) p = json_parser_new ();
  JsonObject *record;

  cli (&s3, "event", "s3", "--set", "key=my file.txt", NULL);
  g_assert_cmpint (s3.status, ==, 0);
  g_assert_true (json_parser_load_from_data (p, s3.out, -1, NULL));
  record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (p)), "Records"), 0);
  g_assert_cmpstr (json_object_get_string_member (record, "eventSource"), ==, "aws:s3");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (record, "s3"), "object"), "key"),
                   ==, "my+file.txt");
  cli (&alb, "event", "alb-multi-value", NULL);
  g_assert_cmpint (alb.status, ==, 0);
  g_assert_nonnull (strstr (alb.out, "multiValueHeaders"));
  cli (&unknown, "event", "carrier-pigeon", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
}

/* render: a PNG (or SVG/PDF) of the diagram at a simulated time, no display needed */
static void
test_render (void)
{
  g_autofree char *file = fixture ("async-fails.lflow.json");
  g_autofree char *dir = g_dir_make_tmp ("lf-render-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "frame.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "frame.svg", NULL);
  g_autofree char *data = NULL;
  g_auto(CliResult) r = { 0 }, s = { 0 }, bad = { 0 };
  gsize len = 0;

  cli (&r, "render", file, "--at", "90s", "--output", png, "--size", "640x400", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (png, &data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpint (memcmp (data, "\x89PNG", 4), ==, 0);
  cli (&s, "render", file, "--at", "1m", "--output", svg, NULL);
  g_assert_cmpint (s.status, ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_EXISTS));
  cli (&bad, "render", file, "--output", png, NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/io-and-invalid/LIM-1/FIFO-1", test_io_and_invalid);
  g_test_add_func ("/cli/run-trace/ASYNC-2", test_run_trace);
  g_test_add_func ("/cli/event/S3-1/ALB-2", test_event);
  g_test_add_func ("/cli/render", test_render);
  return g_test_run ();
}
