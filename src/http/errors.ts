import type { FastifyReply, FastifyRequest } from 'fastify';
import { FileTooLargeError } from '../files/store.ts';
import { ApiError, PROBLEM_TYPE_PREFIX, titleFor, type Message } from './problem.ts';

export interface Problem {
  status: number;
  code: string;
  detail: Message;
  extensions: Record<string, unknown>;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
  message?: string;
}

function validationProblem(error: FastifyLikeError): Problem {
  const first = error.validation?.[0];
  const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
  const missing = first?.params?.missingProperty as string | undefined;
  const field = missing ? `${where}/${missing}` : where;
  return {
    status: 400,
    code: 'validation-failed',
    detail: {
      de: missing
        ? `Pflichtfeld „${field}“ fehlt. Bitte ergänzen Sie es und senden Sie die Anfrage erneut.`
        : `Ungültiger Wert in „${field}“: ${first?.message ?? 'Format stimmt nicht'}. Bitte prüfen Sie die Eingabe.`,
      en: missing
        ? `Required field "${field}" is missing.`
        : `Invalid value in "${field}": ${first?.message ?? 'wrong format'}.`,
    },
    extensions: { errors: error.validation },
  };
}

/** Maps any thrown value to problem details; unknown errors become a 500 without internal text. */
export function toProblem(error: unknown, _request?: FastifyRequest): Problem {
  if (error instanceof ApiError) {
    return { status: error.status, code: error.code, detail: error.detail, extensions: error.extensions };
  }
  if (error instanceof FileTooLargeError) {
    const mb = Math.round(error.maxBytes / 1024 / 1024);
    return {
      status: 413,
      code: 'file-too-large',
      detail: {
        de: `Die Datei ist größer als die erlaubten ${mb.toLocaleString('de-DE')} MB. Bitte teilen Sie sie auf oder wenden Sie sich an die Plattform-Administration.`,
        en: `The file is larger than the allowed ${mb} MB.`,
      },
      extensions: {},
    };
  }
  const fastifyError = error as FastifyLikeError;
  if (fastifyError?.validation) return validationProblem(fastifyError);
  if (fastifyError?.code === 'FST_REQ_FILE_TOO_LARGE' || fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      code: 'file-too-large',
      detail: {
        de: 'Die Anfrage oder Datei ist zu groß. Bitte verkleinern Sie sie oder teilen Sie sie auf.',
        en: 'The request or file is too large.',
      },
      extensions: {},
    };
  }
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fastifyError?.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return {
      status: 415,
      code: 'unsupported-media-type',
      detail: {
        de: 'Dieser Inhaltstyp wird hier nicht angenommen. Senden Sie JSON oder für Uploads multipart/form-data.',
        en: 'This content type is not accepted here. Send JSON, or multipart/form-data for uploads.',
      },
      extensions: {},
    };
  }
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return {
      status: 400,
      code: 'invalid-json',
      detail: {
        de: 'Der Anfragetext ist kein gültiges JSON. Bitte prüfen Sie Klammern, Anführungszeichen und Kommas.',
        en: 'The request body is not valid JSON.',
      },
      extensions: {},
    };
  }
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      code: 'bad-request',
      detail: {
        de: `Die Anfrage konnte nicht verarbeitet werden (${fastifyError.code ?? fastifyError.statusCode}).`,
        en: fastifyError.message ?? 'Bad request',
      },
      extensions: {},
    };
  }
  return {
    status: 500,
    code: 'internal-error',
    detail: {
      de: 'Ein interner Fehler ist aufgetreten. Er wurde protokolliert; bitte versuchen Sie es später erneut.',
      en: 'An internal error occurred. It has been logged; please try again later.',
    },
    extensions: {},
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem) {
  const language = request.language ?? 'de';
  return reply
    .status(problem.status)
    .header('content-language', language)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `${PROBLEM_TYPE_PREFIX}${problem.code}`,
      title: titleFor(problem.status, language),
      status: problem.status,
      detail: problem.detail[language],
      instance: request.url.split('?')[0],
      ...problem.extensions,
    });
}
