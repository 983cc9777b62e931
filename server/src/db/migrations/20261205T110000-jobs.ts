import { type Kysely, sql } from 'kysely'

/**
 * Jobs, applications, saved jobs, job alerts and referral opt-ins (issue 10). All account side
 * and real-name: a job is posted by a company's representative, an application names its
 * applicant. A résumé is stored sealed (AES-256-GCM under a key of its own) and goes with its
 * application; withdrawing one deletes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references company (id) on delete cascade,
      posted_by uuid references account (id) on delete set null,
      title text not null,
      location text not null,
      workplace text not null check (workplace in ('remote', 'hybrid', 'onsite')),
      salary_min bigint,
      salary_max bigint,
      currency text,
      description text not null,
      posted_on date not null,
      closes_on date not null,
      closed boolean not null default false,
      doc tsvector not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (salary_min is null or salary_max is null or salary_min <= salary_max),
      check ((salary_min is null and salary_max is null) = (currency is null))
    )`.execute(db)
  await sql`create index job_company_idx on job (company_id, posted_on desc)`.execute(db)
  await sql`create index job_open_idx on job (posted_on desc, id) where not closed`.execute(db)
  await sql`create index job_doc_idx on job using gin (doc)`.execute(db)
  await sql`
    create table job_application (
      id uuid primary key default gen_random_uuid(),
      job_id uuid not null references job (id) on delete cascade,
      applicant_id uuid not null references account (id) on delete cascade,
      note text not null default '',
      status text not null default 'new' check (status in ('new', 'reviewing', 'interview', 'offer', 'rejected', 'withdrawn')),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db)
  // One live application per member and job (a withdrawn one does not stop a new one).
  await sql`create unique index job_application_once on job_application (job_id, applicant_id) where status <> 'withdrawn'`.execute(db)
  await sql`create index job_application_applicant_idx on job_application (applicant_id, created_at desc)`.execute(db)
  await sql`
    create table job_resume (
      application_id uuid primary key references job_application (id) on delete cascade,
      ciphertext bytea not null,
      bytes integer not null
    )`.execute(db)
  await sql`
    create table saved_job (
      account_id uuid not null references account (id) on delete cascade,
      job_id uuid not null references job (id) on delete cascade,
      saved_at timestamptz not null,
      primary key (account_id, job_id)
    )`.execute(db)
  await sql`
    create table job_alert (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references account (id) on delete cascade,
      q text not null default '',
      location text not null default '',
      workplace text check (workplace in ('remote', 'hybrid', 'onsite')),
      salary_min bigint,
      currency text,
      mail boolean not null default false,
      created_at timestamptz not null,
      last_checked_at timestamptz not null
    )`.execute(db)
  await sql`create index job_alert_account_idx on job_alert (account_id)`.execute(db)
  await sql`alter table employment add column accepts_referrals boolean not null default false`.execute(db)
  await sql`
    create table referral_request (
      job_id uuid not null references job (id) on delete cascade,
      applicant_id uuid not null references account (id) on delete cascade,
      referrer_id uuid not null references account (id) on delete cascade,
      created_at timestamptz not null,
      primary key (job_id, applicant_id, referrer_id)
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table employment drop column accepts_referrals`.execute(db)
  for (const t of ['referral_request', 'job_alert', 'saved_job', 'job_resume', 'job_application', 'job']) await db.schema.dropTable(t).execute()
}
