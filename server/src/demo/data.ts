import type { Language, UpdateProfile } from '../../../shared/src/api/index.js'

/** Everyone in the demo signs in with this; demo data is for a local first look only. */
export const DEMO_PASSWORD = 'watercooler-demo'

export const COMPANIES = [
  { slug: 'northwind-labs', name: 'Northwind Labs', domains: ['northwind.example'], industry: 'Software', sizeBand: '201-500', description: 'Developer tools for data teams.' },
  { slug: 'acme-robotics', name: 'Acme Robotics', domains: ['acme-robotics.example'], industry: 'Hardware', sizeBand: '1001-5000', description: 'Warehouse robots.' },
  { slug: 'globex', name: 'Globex', domains: ['globex.example'], industry: 'Finance', sizeBand: '5001+', description: 'Payments and banking infrastructure.' },
  { slug: 'initech', name: 'Initech', domains: ['initech.example'], industry: 'Consulting', sizeBand: '51-200', description: 'Enterprise software consulting.' },
] as const

interface DemoPerson {
  name: string
  email: string
  language: Language
  profile: UpdateProfile
  /** Verified employments: company slug, and how many days ago. */
  verified: { company: (typeof COMPANIES)[number]['slug']; daysAgo: number }[]
  /** A badge photo waiting for review, naming this company. */
  pendingBadge?: string
}

/** An admin (and so reviewer) account, to see the review queue and company editing. */
export const REVIEWER = { name: 'Rosa Reviewer', email: 'reviewer@demo.watercooler.test' }

const job = (company: string, title: string, start: string, end: string | null, description = '') => ({ company, title, start, end, description })
const school = (name: string, degree: string, field: string, startYear: number, endYear: number) => ({ school: name, degree, field, startYear, endYear })

export const PEOPLE: DemoPerson[] = [
  {
    name: 'Ada Lovelace',
    email: 'ada@demo.watercooler.test',
    verified: [{ company: 'northwind-labs', daysAgo: 40 }],
    language: 'en',
    profile: {
      headline: 'Staff engineer at Northwind Labs · compilers and query engines',
      about: 'I build the query planner at Northwind. Before that, ten years of databases at Globex.\n\nHappy to talk about careers in infrastructure.',
      location: 'London',
      experience: [
        job('Northwind Labs', 'Staff Engineer', '2021-03', null, 'Query planner and execution engine.'),
        job('Globex', 'Senior Engineer', '2012-09', '2021-02', 'Payments ledger database.'),
      ],
      education: [school('University of London', 'BSc', 'Mathematics', 2008, 2012)],
      skills: ['PostgreSQL', 'Rust', 'Query optimisation', 'Mentoring'],
    },
  },
  {
    name: '李明',
    email: 'liming@demo.watercooler.test',
    verified: [{ company: 'acme-robotics', daysAgo: 120 }],
    language: 'zh-CN',
    profile: {
      headline: 'Acme Robotics 产品经理',
      about: '负责仓储机器人调度系统的产品规划。',
      location: '杭州',
      experience: [job('Acme Robotics', '高级产品经理', '2019-07', null), job('Initech', '产品经理', '2016-07', '2019-06')],
      education: [school('浙江大学', '硕士', '工业工程', 2013, 2016)],
      skills: ['产品规划', '机器人', '数据分析'],
    },
  },
  {
    name: 'Grace Hopper',
    email: 'grace@demo.watercooler.test',
    verified: [{ company: 'globex', daysAgo: 200 }, { company: 'initech', daysAgo: 358 }],
    language: 'en',
    profile: {
      headline: 'Engineering manager, payments platform at Globex',
      about: 'Leading a team of twelve on the card-payments platform.',
      location: 'New York',
      experience: [job('Globex', 'Engineering Manager', '2018-01', null), job('Initech', 'Software Engineer', '2013-05', '2017-12')],
      education: [school('Yale University', 'PhD', 'Mathematics', 2007, 2013)],
      skills: ['Leadership', 'Java', 'Distributed systems'],
    },
  },
  {
    name: 'Alan Turing',
    email: 'alan@demo.watercooler.test',
    verified: [],
    pendingBadge: 'Acme Robotics',
    language: 'en',
    profile: {
      headline: 'Research scientist · robot perception',
      about: '',
      location: 'Manchester',
      experience: [job('Acme Robotics', 'Research Scientist', '2020-10', null, 'Perception models for picking arms.')],
      education: [school('University of Cambridge', 'MMath', 'Mathematics', 2014, 2018)],
      skills: ['Computer vision', 'Python', 'PyTorch'],
    },
  },
  {
    name: '王芳',
    email: 'wangfang@demo.watercooler.test',
    verified: [{ company: 'northwind-labs', daysAgo: 10 }],
    language: 'zh-CN',
    profile: {
      headline: 'Northwind Labs 前端工程师',
      about: '喜欢做好用的界面。',
      location: '上海',
      experience: [job('Northwind Labs', '前端工程师', '2022-04', null)],
      education: [school('复旦大学', '学士', '计算机科学', 2018, 2022)],
      skills: ['React', 'TypeScript', '无障碍设计'],
    },
  },
]
