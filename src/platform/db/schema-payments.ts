/** Kysely table types of the payments module (migration 031_payments.sql); kept apart from schema.ts like schema-feedback.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;
/** bigint columns come back as strings from PostgreSQL: read with Number(). */
type BigNum = ColumnType<string | number, number, number>;

export interface FeeItemData {
  id: string;
  name: string;
  amountVnd: number;
}

export interface ProcedureFeesTable {
  id: string;
  procedure_code: string;
  kind: 'phi' | 'le_phi';
  name: string;
  amount_vnd: number;
  collector_org_id: string | null;
  due: 'at_submission' | 'before_result';
  exempt_applicant_types: Json<string[]>;
  exempt_categories: Json<string[]>;
  legal_basis: string | null;
  effective_from: ColumnType<string, string, string>;
  effective_to: ColumnType<string | null, string | null, string | null>;
  position: Generated<number>;
}

export interface PaymentsTable {
  id: string;
  dossier_id: string;
  dossier_code: string;
  method: 'online' | 'cash' | 'card';
  gateway: string | null;
  txn_ref: string | null;
  amount_vnd: BigNum;
  items: Json<FeeItemData[]>;
  status: 'pending' | 'paid' | 'failed' | 'duplicate' | 'refunded';
  created_at: Timestamp;
  created_by: string | null;
  collector_org_id: string;
  expires_at: Date | null;
  paid_at: Date | null;
  gateway_txn_no: string | null;
  bank_code: string | null;
  response_code: string | null;
  gateway_pay_date: string | null;
  gateway_create_date: string | null;
  receipt_no: string | null;
  counter_reference: string | null;
  refunded_vnd: ColumnType<string | number, number | undefined, number>;
}

export interface PaidFeesTable {
  dossier_id: string;
  fee_id: string;
  payment_id: string;
}

export interface PaymentNotificationsTable {
  id: Generated<string>;
  gateway: string;
  txn_ref: string | null;
  params: Json<Record<string, string>>;
  rsp_code: string;
  received_at: Timestamp;
}

export interface PaymentRefundsTable {
  id: string;
  payment_id: string;
  request_id: string;
  request_day: ColumnType<string, string, string>;
  amount_vnd: BigNum;
  reason: string;
  by_user_id: string;
  at: Timestamp;
  response_code: string;
  gateway_txn_no: string | null;
  status: 'done' | 'refused';
}

export interface PaymentTables {
  procedure_fees: ProcedureFeesTable;
  payments: PaymentsTable;
  paid_fees: PaidFeesTable;
  payment_notifications: PaymentNotificationsTable;
  payment_refunds: PaymentRefundsTable;
  payment_receipt_sequences: { year: number; last_value: number };
  payment_due_notices: { dossier_id: string; due: string };
}
