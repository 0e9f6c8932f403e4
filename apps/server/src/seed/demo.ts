import { count, eq } from "@taller/db/sql";
import { projectCreateSchema, type ProjectRole, type Stage, STAGES } from "@taller/domain";
import { organizations, projects, users, type Database } from "@taller/db";
import { createOrganization, createUser, updateOrganization } from "../commands/accounts";
import { changeStage, createProject } from "../commands/projects";
import { addMember } from "../commands/members";
import { createDocument } from "../commands/documents";
import { ServerEvents } from "../events";
import { seedDemoComments } from "./demo-comments";
import { seedDemoFollowUp } from "./demo-follow-up";
import { seedDemoTerritory } from "./demo-territory";

/**
 * A realistic but clearly fictional portfolio for demos and manual testing: the invented
 * municipality of "Valle de Santa Rosa", its agencies, one person per role and projects in
 * different lifecycle stages. Runs only on a database without projects.
 */
export const DEMO_PASSWORD = "demo-taller-2026";

/**
 * «Puede proponer proyectos» (`createsProjects`): the institute, whose staff run the portfolio,
 * and Desarrollo Urbano, which proposes the urban-development plans (its editor shows an agency
 * other than the institute with the right). Obra Pública and the rest are without it: they
 * execute and give opinions, and the demo's commenter (Obra Pública) shows a portfolio without
 * «Nuevo proyecto».
 */
const AGENCIES = [
  { name: "Instituto Municipal de Planeación", shortName: "IMPLAN", createsProjects: true },
  { name: "Dirección de Obra Pública", shortName: "OP" },
  { name: "Dirección de Desarrollo Urbano", shortName: "DU", createsProjects: true },
  { name: "Dirección de Medio Ambiente", shortName: "MA" },
  { name: "Dirección de Movilidad", shortName: "MOV" },
  { name: "Tesorería Municipal", shortName: "TES" },
  { name: "Dirección de Desarrollo Social", shortName: "DS" },
  { name: "Dirección de Servicios Públicos", shortName: "SP" },
];

const PEOPLE: { email: string; name: string; agency: string; role: ProjectRole }[] = [
  { email: "lucia.mendez@demo.taller.local", name: "Lucía Méndez Arriaga", agency: "IMPLAN", role: "owner" },
  { email: "andres.soto@demo.taller.local", name: "Andrés Soto Villanueva", agency: "IMPLAN", role: "editor" },
  { email: "carmen.ruiz@demo.taller.local", name: "Carmen Ruiz Palacios", agency: "DU", role: "editor" },
  { email: "jorge.ibarra@demo.taller.local", name: "Jorge Ibarra Quintero", agency: "OP", role: "commenter" },
  { email: "paola.nava@demo.taller.local", name: "Paola Nava Cervantes", agency: "MA", role: "commenter" },
  { email: "ricardo.leal@demo.taller.local", name: "Ricardo Leal Domínguez", agency: "MOV", role: "reviewer" },
  { email: "elena.campos@demo.taller.local", name: "Elena Campos Treviño", agency: "TES", role: "viewer" },
];

const PROJECTS: { stage: Stage; input: Record<string, unknown> }[] = [
  {
    stage: "prefeasibility",
    input: {
      name: "Parque lineal Arroyo de las Palomas",
      kind: "study",
      description: "Rehabilitación de 3.2 km del cauce del arroyo como parque lineal con ciclovía, controles de avenida y reforestación con especies nativas.",
      leadOrg: "IMPLAN",
      participating: ["MA", "OP", "SP"],
      estimatedAmountMxn: 86_500_000,
      funding: { federal: 40, state: 20, municipal: 40, private: 0 },
      location: { microregion: "Microrregión Oriente", colonia: "Las Palomas", geometry: { type: "Point", coordinates: [-101.6512, 21.1204] } },
      alignment: { pmdAxis: "Eje 3. Ciudad sustentable", governmentProgram: "Programa de Espacios Públicos Seguros", pmduoetZone: "UGAT 14 – Corredor Arroyo", landUse: "permitted", cos: 0.1, cus: 0.1, cas: 85, ods: [6, 11, 13] },
      impact: { social: 5, environmental: 5, economic: 3 },
      evaluationType: "simplified_cba",
    },
  },
  {
    stage: "feasibility",
    input: {
      name: "Corredor de transporte público Av. Revolución",
      kind: "investment",
      description: "Carriles exclusivos, 14 paraderos accesibles y semaforización adaptativa en 7.8 km de la Av. Revolución.",
      leadOrg: "MOV",
      participating: ["OP", "TES", "IMPLAN"],
      estimatedAmountMxn: 412_000_000,
      funding: { federal: 55, state: 25, municipal: 20, private: 0 },
      location: { microregion: "Microrregión Centro", colonia: "Centro Histórico", geometry: null },
      alignment: { pmdAxis: "Eje 2. Movilidad y conectividad", governmentProgram: "Programa de Movilidad Integral", pmduoetZone: "UGAT 3 – Centro urbano", landUse: "permitted", ods: [9, 11] },
      impact: { social: 4, environmental: 3, economic: 4 },
      evaluationType: "cba",
    },
  },
  {
    stage: "idea",
    input: {
      name: "Centro comunitario Lomas del Sur",
      kind: "conceptual_design",
      description: "Diseño conceptual de un centro comunitario con biblioteca, talleres y cancha techada en un predio municipal de 4,200 m².",
      leadOrg: "DS",
      participating: ["IMPLAN", "DU"],
      estimatedAmountMxn: 38_750_000,
      funding: null,
      location: { microregion: "Microrregión Sur", colonia: "Lomas del Sur", geometry: null },
      alignment: { pmdAxis: "Eje 1. Bienestar y cohesión social", governmentProgram: null, pmduoetZone: "UGAT 21 – Habitacional consolidado", landUse: "conditional", landUseNote: "Equipamiento condicionado a estudio de impacto vial.", ods: [4, 10, 11] },
      impact: { social: 5, environmental: 1, economic: 2 },
      evaluationType: "technical_sheet",
    },
  },
  {
    stage: "portfolio_registration",
    input: {
      name: "Planta de tratamiento de aguas residuales El Sabinal",
      kind: "investment",
      description: "Planta de 120 l/s con reúso de agua tratada para riego de áreas verdes municipales.",
      leadOrg: "SP",
      participating: ["MA", "TES"],
      estimatedAmountMxn: 265_300_000,
      funding: { federal: 50, state: 30, municipal: 10, private: 10 },
      location: { microregion: "Microrregión Poniente", colonia: "El Sabinal", geometry: null },
      alignment: { pmdAxis: "Eje 3. Ciudad sustentable", governmentProgram: "Programa Agua para Todos", pmduoetZone: "UGAT 30 – Periurbano", landUse: "permitted", ods: [6, 12] },
      impact: { social: 4, environmental: 5, economic: 3 },
      evaluationType: "cba",
    },
  },
  {
    stage: "profile",
    input: {
      name: "Plan parcial de aprovechamiento Estación Norte",
      kind: "urban_proposal",
      description: "Propuesta de aprovechamiento urbanístico de 18 ha alrededor de la antigua estación de ferrocarril: vivienda, comercio y espacio público.",
      leadOrg: "DU",
      participating: ["IMPLAN", "MOV", "MA"],
      estimatedAmountMxn: 1_250_000_000,
      funding: { federal: 10, state: 10, municipal: 10, private: 70 },
      location: { microregion: "Microrregión Norte", colonia: "Estación", geometry: null },
      alignment: { pmdAxis: "Eje 4. Desarrollo económico", governmentProgram: "Programa de Regeneración Urbana", pmduoetZone: "UGAT 8 – Reserva urbana", landUse: "conditional", cos: 0.7, cus: 2.8, cas: 20, ods: [8, 11] },
      impact: { social: 3, environmental: 2, economic: 5 },
      evaluationType: "cba",
    },
  },
];

export async function seedDemo(db: Database, options: { log: (line: string) => void }): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(projects);
  if ((existing?.n ?? 0) > 0) {
    options.log("Demo: la base de datos ya tiene proyectos; no se siembra nada.");
    return;
  }
  const events = new ServerEvents();
  const orgIds = new Map<string, string>();
  for (const agency of AGENCIES) {
    const [found] = await db.select().from(organizations).where(eq(organizations.shortName, agency.shortName));
    if (found && agency.createsProjects && !found.createsProjects) {
      await updateOrganization({ db, actor: null, orgId: found.id, input: { createsProjects: true } });
    }
    orgIds.set(agency.shortName, found?.id ?? (await createOrganization({ db, actor: null, input: agency })).id);
  }
  const people: { id: string; role: ProjectRole; email: string }[] = [];
  for (const person of PEOPLE) {
    const [found] = await db.select().from(users).where(eq(users.email, person.email));
    const id =
      found?.id ??
      (
        await createUser({
          db,
          actor: null,
          input: { email: person.email, name: person.name, password: DEMO_PASSWORD, orgId: orgIds.get(person.agency)!, isAdmin: false },
        })
      ).id;
    people.push({ id, role: person.role, email: person.email });
  }
  const owner = { userId: people[0]!.id, isAdmin: false };
  for (const { stage, input } of PROJECTS) {
    const { leadOrg, participating, ...fields } = input as { leadOrg: string; participating: string[] };
    const parsed = projectCreateSchema.parse({
      ...fields,
      leadOrgId: orgIds.get(leadOrg),
      participatingOrgIds: participating.map((s) => orgIds.get(s)),
    });
    const access = await createProject({ db, actor: owner, input: parsed });
    for (const person of people.slice(1)) {
      await addMember({ db, events, actor: owner, access, input: { userId: person.id, role: person.role } });
    }
    for (const next of STAGES.slice(1, STAGES.indexOf(stage) + 1)) {
      await changeStage({ db, actor: owner, access, input: { to: next } });
    }
    const study = await createDocument({ db, actor: owner, access, input: { kind: "text", title: "Propuesta de estudio" } });
    const canvas = await createDocument({ db, actor: owner, access, input: { kind: "canvas", title: "Croquis de diseño conceptual" } });
    // Coordination threads on the corridor (not on the prefeasibility project the browser tests work in).
    if (input.kind === "investment" && stage === "feasibility") {
      const as = (email: string) => ({ userId: people.find((p) => p.email === email)!.id, isAdmin: false });
      await seedDemoComments(db, {
        access,
        study,
        canvas,
        people: {
          owner,
          editor: as("andres.soto@demo.taller.local"),
          obraPublica: as("jorge.ibarra@demo.taller.local"),
          medioAmbiente: as("paola.nava@demo.taller.local"),
          reviewer: as("ricardo.leal@demo.taller.local"),
        },
      });
    }
  }
  // Two works being built, with their follow-up (before the territory, which places every project).
  const editor = { userId: people.find((p) => p.email === "andres.soto@demo.taller.local")!.id, isAdmin: false };
  await seedDemoFollowUp(db, { owner, editor, people: people.slice(1), orgIds, events });
  // Layers, matrix and the projects' geometries (after the projects: it places them).
  await seedDemoTerritory(db, { owner });
  options.log("Demo sembrada (datos ficticios del municipio de Valle de Santa Rosa). Cuentas de demostración:");
  for (const person of PEOPLE) options.log(`  ${person.email} (${person.role}) — contraseña: ${DEMO_PASSWORD}`);
}
