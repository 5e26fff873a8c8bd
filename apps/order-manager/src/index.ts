export { type Clock, systemClock } from "./clock.js";
export { BotLease } from "./manager/bot-lease.js";
export type { BotInfo, OrderManagerOptions } from "./manager/manager-core.js";
export type { OrderManagerStatus } from "./manager/manager-status.js";
export { createOrderManager, type OrderManager, type OrderManagerDeps } from "./manager/order-manager.js";
export type { ReconciliationReport } from "./manager/reconciler.js";
export type { OrderStatusData } from "./manager/status-cache.js";
export { type ParsedRequest, parseOrderRequest } from "./order-request.js";
export { RiskChecks, type RiskInputs, type RiskVerdict, shrinksPosition } from "./risk/risk-checks.js";
export {
  type KillSwitchScope,
  type KillSwitchStatus,
  readKillSwitch,
  setKillSwitch,
  TRADING_STATES,
  type TradingState,
} from "./risk/trading-state.js";
export type {
  ExecutionVenue,
  StopListening,
  SubmitAck,
  VenueBalance,
  VenueEvent,
  VenueFill,
  VenueOrder,
  VenueOrderStatus,
  VenuePosition,
} from "./venue/execution-venue.js";
export { FillModel, type FillModelOptions } from "./venue/fill-model.js";
export { type PaperFault, type PaperFaultRates, parseFaultRates } from "./venue/paper-faults.js";
export { PaperVenue, type PaperVenueOptions } from "./venue/paper-venue.js";
export { VenueRejectedError, VenueUnavailableError } from "./venue/venue-errors.js";
