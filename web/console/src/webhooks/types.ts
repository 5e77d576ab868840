/** Webhook shapes of the API (src/http/routes/webhooks.ts). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  createdAt: number;
  updatedAt: number;
}

export interface WebhookAttempt {
  attempt: number;
  at: number;
  statusCode: number | null;
  durationMs: number;
  responseHead: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  event: { id: string; type: string; createdAt: number };
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  createdAt: number;
  updatedAt: number;
  attemptLog: WebhookAttempt[];
}
