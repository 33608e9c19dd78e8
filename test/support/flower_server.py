"""The platform's federated server on 127.0.0.1, as far as FedAvg goes.

As ai4os/ai4os-federated-server (fedserver/server.py) runs it: Flower's legacy
start_server, the settings from the environment variables the platform's job
sets (FEDERATED_ROUNDS, FEDERATED_METRIC, FEDERATED_MIN_FIT_CLIENTS,
FEDERATED_MIN_AVAILABLE_CLIENTS), and the evaluate metric FEDERATED_METRIC
averaged over the clients, weighted by their examples (a KeyError for a client
that does not report it, as there). Usage: flower_server.py HOST:PORT.
At the end, one line: HISTORY {"losses": [[round, loss]...], "metrics": {...}}.
"""
import json
import os
import sys

import flwr as fl

METRIC = os.environ["FEDERATED_METRIC"]


def weighted_average(metrics):
    examples = sum(n for n, _ in metrics)
    return {METRIC: sum(n * m[METRIC] / examples for n, m in metrics)}


strategy = fl.server.strategy.FedAvg(
    min_fit_clients=int(os.environ["FEDERATED_MIN_FIT_CLIENTS"]),
    min_available_clients=int(os.environ["FEDERATED_MIN_AVAILABLE_CLIENTS"]),
    evaluate_metrics_aggregation_fn=weighted_average,
)
history = fl.server.start_server(
    server_address=sys.argv[1],
    config=fl.server.ServerConfig(num_rounds=int(os.environ["FEDERATED_ROUNDS"])),
    strategy=strategy,
)
summary = {"losses": history.losses_distributed, "metrics": history.metrics_distributed}
print("HISTORY " + json.dumps(summary), flush=True)
