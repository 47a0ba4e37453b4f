import SQLite from 'better-sqlite3'
import { runEngineContract } from './engine-contract'
import { createFts5Engine } from './fts5'

runEngineContract('fts5', async () => createFts5Engine(new SQLite(':memory:')))
