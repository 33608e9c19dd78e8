/**
 * `oscar/<repo>.yaml`: the module as an OSCAR service, in the shape the platform API sends
 * to OSCAR (ai4-papi etc/oscar/service.yaml), built as data and written by the `yaml`
 * library. Its script turns a JSON request into `deepaas-cli predict` arguments, as the
 * platform's own script does; `deploy --target oscar` sends the file as it is.
 */
import { Document } from 'yaml';
import type { Answers } from '../answers/questions.js';
import { shellWord, yamlDocumentText } from './encode.js';

/** OSCAR refuses a service name longer than this (pkg/types/service.go, `name`). */
export const OSCAR_NAME_MAX = 39;

/** A Kubernetes name (DNS-1035 label, as Knative names its services), length apart. */
export const OSCAR_NAME_RULE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The keys OSCAR's API requires of a service definition. */
export const OSCAR_REQUIRED = ['name', 'image', 'script'] as const;

/** The oldest `deepaas-cli` whose `predict` the script can drive (what OSCAR needs in the image). */
export const DEEPAAS_CLI_MIN = '2.5.0';

/**
 * The service's name, made to follow OSCAR_NAME_RULE from the repository name: lower-case
 * letters, digits and `-`, starting with a letter, ending with a letter or digit, at most 39.
 */
export function oscarServiceName(repoName: string): string {
  return `${/^[a-z]/.test(repoName) ? '' : 'm-'}${repoName}`.slice(0, OSCAR_NAME_MAX).replace(/-+$/, '');
}

/**
 * The script OSCAR runs for each request. `$INPUT_FILE_PATH` holds the request, a JSON
 * object: each key an argument of predict, files as base64 in `oscar-files`
 * (`[{"key", "file_format", "data"}]`), `{"help": ""}` for the list of arguments. The JSON
 * result goes to `$TMP_OUTPUT_DIR/<request>.json` (with the log beside it) and to standard
 * output, which a synchronous call returns.
 */
export function oscarScript(packageName: string): string {
  return `#!/bin/bash
# OSCAR runs this for each request: the request (JSON) is in $INPUT_FILE_PATH, the
# result goes to $TMP_OUTPUT_DIR and to standard output (what a synchronous call returns).
#   {"value": 1.5}                                        predict's arguments, by name
#   {"oscar-files": [{"key": "data_file", "file_format": "csv", "data": "<base64>"}]}
#   {"help": ""}                                          lists predict's arguments
set -eu
if [ -z "\${DEEPAAS_V2_MODEL:-}" ]; then
  export DEEPAAS_V2_MODEL=${shellWord(packageName)}
fi
exec python3 - "$INPUT_FILE_PATH" "$TMP_OUTPUT_DIR" <<'PYTHON'
import base64, json, os, re, subprocess, sys, tempfile

request_path, output_dir = sys.argv[1], sys.argv[2]
stem = os.path.splitext(os.path.basename(request_path))[0]
result_path = os.path.join(output_dir, stem + ".json")
log_path = os.path.join(output_dir, stem + ".log")
os.makedirs(output_dir, exist_ok=True)


def fail(message):
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump({"error": message}, out)
    print(json.dumps({"error": message}))
    sys.exit(1)


def cli(*arguments):
    return subprocess.run(["deepaas-cli", *arguments], capture_output=True, text=True, stdin=subprocess.DEVNULL)


found = re.search(r"(\\d+)\\.(\\d+)\\.(\\d+)", cli("--version").stdout)
if not found or tuple(int(n) for n in found.groups()) < (${DEEPAAS_CLI_MIN.split('.').join(', ')}):
    fail("deepaas-cli ${DEEPAAS_CLI_MIN} or later is needed in the image (requirements.txt: deepaas)")
try:
    with open(request_path, encoding="utf-8") as given:
        request = json.load(given)
except (OSError, ValueError) as error:
    fail("the request is not JSON: %s" % error)
if not isinstance(request, dict):
    fail('the request must be a JSON object of predict\\'s arguments ({"help": ""} lists them)')
if "help" in request:
    shown = cli("predict", "--help")
    print(shown.stdout)
    sys.exit(shown.returncode)


def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)


def safe(name):
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(name))


with tempfile.TemporaryDirectory() as files:
    arguments = []
    for key, value in request.items():
        if key != "oscar-files":
            arguments += ["--" + key, text(value)]
            continue
        for number, item in enumerate(value):
            path = os.path.join(files, "%s-%d.%s" % (safe(item["key"]), number, safe(item.get("file_format", "bin"))))
            with open(path, "wb") as decoded:
                decoded.write(base64.b64decode(item["data"]))
            arguments += ["--" + item["key"], path]
    run = cli("--deepaas_method_output", result_path, "predict", *arguments)
with open(log_path, "w", encoding="utf-8") as log:
    log.write(run.stdout + run.stderr)
if run.returncode != 0 or not os.path.exists(result_path):
    fail("deepaas-cli predict failed (exit %d): %s" % (run.returncode, (run.stdout + run.stderr).strip()[-2000:]))
with open(result_path, encoding="utf-8") as result:
    print(result.read())
PYTHON
`;
}

export function oscarService(answers: Answers): Record<string, unknown> {
  const name = oscarServiceName(answers.repoName);
  return {
    name,
    image: `${answers.dockerImage}:latest`,
    cpu: String(answers.cpu),
    memory: `${answers.memory}Mi`,
    // Synchronous calls return the script's output: OSCAR's own log lines would mix in.
    log_level: 'CRITICAL',
    alpine: false,
    input: [{ storage_provider: 'minio.default', path: `${name}/inputs` }],
    output: [{ storage_provider: 'minio.default', path: `${name}/outputs` }],
    script: oscarScript(answers.packageName),
  };
}

export function oscarYaml(answers: Answers): string {
  const doc = new Document(oscarService(answers), { version: '1.1' });
  doc.commentBefore = [
    ' The module as an OSCAR service (serverless inference), as the AI4OS platform deploys it.',
    '   ai4os-module deploy --target oscar --cluster https://<oscar cluster>     (or --target ai4os --oscar)',
    ` The image needs deepaas-cli >= ${DEEPAAS_CLI_MIN}. The name is OSCAR's (at most ${OSCAR_NAME_MAX} characters).`,
  ].join('\n');
  return yamlDocumentText(doc);
}
