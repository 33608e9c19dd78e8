/** The values deploy's --federated-server flags allow, apart so the command table reads them without loading deploy. */

/** The strategies of the platform's federated server, by the short name its options end with. */
export const STRATEGIES = ['FedAvg', 'FedProx', 'FedAdam', 'FedMedian', 'FedAvgM', 'FedOpt', 'FedYogi', 'FedAvgOpt'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The metric the module's Flower client reports from evaluate (templates/module/__pkg__/federated.py.ejs). */
export const CLIENT_METRIC = 'loss';
