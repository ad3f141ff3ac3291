/** Incidents that explain themselves: grouping, severity, explanations, reports and feedback. */
export { applyIncidents, DEFAULT_APPLY, INCIDENT_LOCK, type ApplyOptions, type ApplyResult, type IncidentStore } from './apply.js';
export {
  DEFAULT_EXPLAIN, explain, FACTOR_LABELS, burstFactor, errorRatioFactor, newTemplateFactor, rareValueFactors, ruleFactor, sequenceFactor, unusualTimeFactor,
  type ExplainInput, type ExplainOptions,
} from './explain.js';
export {
  alertSignature, isSilenceActive, isSuppressed, loadSuppression, markAlertNormal, markTemplateNormal, normalExamples, parseDuration, silence,
  silenceMatches, unsilence, type FeedbackOutcome, type NormalExamples, type Parsed, type SilenceRequest, type Suppression, type SuppressionContext,
} from './feedback.js';
export {
  DEFAULT_GROUPING, groupAlerts, leadAlert, matchIncident, type Assignment, type GroupContext, type GroupOptions, type GroupPlan, type IncidentDraft,
  type IncidentMatch, type IncidentRef, type ShareKey,
} from './group.js';
export { inHourRange, normalHourRange, type HourRange } from './hours.js';
export {
  buildProfile, createProfileBuilder, DEFAULT_PROFILE, type Profile, type ProfileBuilder, type ProfileOptions, type ProfileRecord, type RateStats,
  type ServiceProfile, type TemplateProfile, type ValueCounts,
} from './profile.js';
export {
  DEFAULT_REPORT, formatLogLine, renderIncidentJson, renderIncidentReport, type IncidentReport, type ReportAnomaly, type ReportLog, type ReportOptions,
  type ReportTemplate,
} from './report.js';
export { alertSeverity, breadthSeverity, DEFAULT_SEVERITY, type SeverityAlert, type SeverityOptions } from './severity.js';
export { humaniseTemplate, incidentTitle, type TitleTemplate } from './title.js';
export { createExplainTracker, type ExplainTracker } from './tracker.js';
