/**
 * Validation issues as one short sentence naming the field: `limit must be ≤ 1000`,
 * `username is required`, `unknown field "colour"`. Shared by the server (400 bodies) and the
 * dashboard (messages shown at the field). Pure.
 */
import { pathText, valueAt } from '../shared/zod-issues.js';
import type { z } from 'zod';

/** What a 400 response carries: the sentence, and the field it is about when there is one. */
export interface FieldError {
  field: string | null;
  message: string;
}

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** The first issue of a failed parse, described. */
export function firstError(error: z.ZodError, input: unknown): FieldError {
  const issue = error.issues[0];
  if (!issue) return { field: null, message: 'the request is not valid' };
  return describeIssue(issue, input);
}

export function describeIssue(issue: Issue, input: unknown): FieldError {
  const field = pathText(issue.path);
  const subject = field || 'the request';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${field ? `${field}.` : ''}${k}"`).join(', ');
    return { field: null, message: issue.keys.length === 1 ? `unknown field ${keys}` : `unknown fields ${keys}` };
  }
  // A refinement of the whole request says its own sentence ("give a role or a password to change").
  if (issue.code === 'custom' && !field) return { field: null, message: issue.message };
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
    return { field, message: `${subject} is required` };
  }
  return { field, message: `${subject} ${problem(issue)}` };
}

function problem(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} items`
          : `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      // Every pattern in schemas.ts carries its own sentence ("may only use letters, ...").
      return issue.format === 'regex' ? issue.message : `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

