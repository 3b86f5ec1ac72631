#!/usr/bin/env bash
# The deploy jobs' shell steps (pipeline.yml). Stack name and region come from
# samconfig.toml, the same place `sam deploy --config-env <env>` reads them, so
# CI and a deploy by hand can never target different stacks.
#
#   stage.sh <config-env> preflight   fail early on a missing one-time bootstrap
#   stage.sh <config-env> api-url     print the stack's ApiUrl output
set -euo pipefail

config_env=$1
command=$2

settings=$(python3 - "$config_env" <<'EOF'
import sys
import tomllib

with open("samconfig.toml", "rb") as handle:
    params = tomllib.load(handle)[sys.argv[1]]["deploy"]["parameters"]
print(params["stack_name"], params["region"])
EOF
)
read -r stack region <<<"$settings"

case "$command" in
  preflight)
    if [ "${AWS_REGION:-}" != "$region" ]; then
      echo "::error::vars.AWS_REGION is '${AWS_REGION:-}' but samconfig.toml deploys [$config_env] to '$region'"
      exit 1
    fi
    # Access logging needs API Gateway's account-level CloudWatch role; without
    # it the first deploy fails half-way and leaves a stack in ROLLBACK_COMPLETE.
    role=$(aws apigateway get-account --region "$region" --query cloudwatchRoleArn --output text)
    if [ -z "$role" ] || [ "$role" = "None" ]; then
      echo "::error::API Gateway has no CloudWatch Logs role in $region; see docs/operations.md#api-gateway-cloudwatch-role"
      exit 1
    fi
    ;;
  api-url)
    url=$(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
      --query "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue" --output text)
    case "$url" in
      https://*) echo "$url" ;;
      *) echo "stack $stack has no ApiUrl output (got '$url')" >&2; exit 1 ;;
    esac
    ;;
  *)
    echo "usage: $0 <config-env> preflight|api-url" >&2
    exit 2
    ;;
esac
